/// Placeholder until the gzip coder lands.
enum GzipModule {}
