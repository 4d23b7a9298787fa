module standin/docker-executor

go 1.19
