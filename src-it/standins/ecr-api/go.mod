module runnerops.dev/standins/ecr-api

go 1.19
