/// Placeholder until the request decision lands.
enum RequestPolicyModule {}
