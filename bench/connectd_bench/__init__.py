"""The connectd benchmark harness (bench/run.sh): connectd, Debezium on Kafka Connect and pg_recvlogical
measured in turns on one PostgreSQL and one Kafka broker. See docs/benchmarks.md."""
