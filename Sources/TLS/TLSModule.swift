/// Placeholder until the TLS module lands.
enum TLSModule {}
