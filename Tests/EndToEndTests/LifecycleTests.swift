import Testing

/// Starting and stopping `gatehouse serve`: the listening line, and SIGTERM.
struct LifecycleTests {
    /// An idle server has nothing to drain: it must be gone well before the 10 s drain limit.
    static let promptExitSeconds = 3.0

    @Test func start_printsOneListeningLine() async throws {
        try await withServer { server in
            #expect(server.banner.hasPrefix("Gatehouse "), "\(server.banner)")
            #expect(server.banner.contains("listening on http://127.0.0.1:\(server.port)/"), "\(server.banner)")
            #expect(server.banner.contains("2 workers"), "\(server.banner)")
        }
    }

    @Test func defaultWorkers_followTheCPUsTheProcessMayUse() async throws {
        try await withServer(workers: nil, cpuList: "0") { server in
            #expect(server.banner.contains("(1 worker,"), "\(server.banner)")
            let front = try server.get("/")
            #expect(front.status == 200)
        }
    }

    @Test func sigterm_whileIdle_exitsZeroPromptly() async throws {
        try await withServer { server in
            let front = try server.get("/")
            #expect(front.status == 200)
            let exit = server.stop()
            #expect(exit.status == 0 && !exit.signalled, "\(exit)")
            #expect((exit.seconds ?? .infinity) < Self.promptExitSeconds, "\(exit)")
        }
    }

    @Test func sigterm_withAnIdleKeepAliveConnection_closesItAndExitsZeroPromptly() async throws {
        try await withServer { server in
            let connection = try server.connect()
            try connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try connection.readResponse().status == 200)
            let exit = server.stop()
            #expect(exit.status == 0 && !exit.signalled, "\(exit)")
            #expect((exit.seconds ?? .infinity) < Self.promptExitSeconds, "\(exit)")
            #expect(try connection.closesWithoutMoreBytes())
        }
    }
}
