package dev.runnerops.orchestrator.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on 127.0.0.1 that forwards every connection, bytes unchanged (TLS passes through), to an engine's
 * port. {@link #stop()} closes it and every connection through it, so that a client sees what it sees of an
 * engine that stopped: connections refused at that address. Other tests keep using the engine itself meanwhile,
 * which stopping the real second engine would take from them.
 */
final class EngineForwarder implements AutoCloseable {
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private int port;

    EngineForwarder(URI engine) {
        this.target = new InetSocketAddress(engine.getHost(), engine.getPort());
    }

    /** Listens (again, on the same port after a stop) and forwards. */
    synchronized EngineForwarder start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        server = s;
        Thread accept = new Thread(() -> acceptLoop(s), "engine-forwarder");
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    /** {@code tcp://127.0.0.1:PORT}: the address to give the orchestrator. */
    String address() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Nothing listens at {@link #address()} any more; connections through it are cut. */
    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket engine = new Socket();
                engine.connect(target, 5_000);
                open.add(client);
                open.add(engine);
                java.util.concurrent.atomic.AtomicInteger directions = new java.util.concurrent.atomic.AtomicInteger(2);
                pipe(client, engine, directions);
                pipe(engine, client, directions);
            } catch (IOException e) {
                // closed by stop(), or the engine refused: the client sees its connection end
            }
        }
    }

    /** One direction; an end of input is passed on as a half-close, and the pair closes when both have ended. */
    private void pipe(Socket from, Socket to, java.util.concurrent.atomic.AtomicInteger directions) {
        Thread t = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
                to.shutdownOutput();
            } catch (IOException e) {
                directions.set(1); // a side failed or was closed: end both directions
            } finally {
                if (directions.decrementAndGet() <= 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                    open.remove(from);
                    open.remove(to);
                }
            }
        }, "engine-forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
