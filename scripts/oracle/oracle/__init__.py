"""connectd's reference oracle: Debezium 3.6.1 on Kafka Connect 4.3.0 beside connectd, compared
record by record (topicdiff), case by case (run, cases), and request by request (rest).
See docs/oracle.md."""
