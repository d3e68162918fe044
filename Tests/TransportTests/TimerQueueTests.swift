import Testing
@testable import Transport

@Suite struct TimerQueueTests {
    /// Random schedule / cancel / reschedule / pop against a sorted-array model.
    @Test(arguments: [UInt64(1), 2, 3, 42, 9_001])
    func operations_matchReferenceModel(seed: UInt64) {
        var queue = TimerQueue()
        // Model entries: (deadline, sequence, label); fired labels are compared.
        var model: [(deadline: Int64, sequence: UInt64, label: Int)] = []
        var ids: [Int: TimerID] = [:]
        var fired: [Int] = []
        let recorder = FiredLabels()
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var now: Int64 = 0
        var label = 0
        for _ in 0..<5_000 {
            switch next(10) {
            case 0...4:
                let deadline = now + Int64(next(100))
                let sequence = queue.nextSequence
                let current = label
                ids[current] = queue.schedule(deadline: deadline) { recorder.labels.append(current) }
                model.append((deadline, sequence, current))
                label += 1
            case 5, 6:
                guard !ids.isEmpty else { continue }
                let victim = ids.keys.sorted()[next(ids.count)]
                let id = ids.removeValue(forKey: victim)!
                let cancelled = queue.cancel(id)
                let cancelledAgain = queue.cancel(id)
                #expect(cancelled)
                #expect(!cancelledAgain, "a second cancel is a no-op")
                model.removeAll { $0.label == victim }
            case 7:
                guard !ids.isEmpty else { continue }
                let target = ids.keys.sorted()[next(ids.count)]
                let deadline = now + Int64(next(100))
                let sequence = queue.nextSequence
                let moved = queue.reschedule(ids[target]!, deadline: deadline)
                #expect(moved)
                if let index = model.firstIndex(where: { $0.label == target }) {
                    model[index] = (deadline, sequence, target)
                }
            default:
                now += Int64(next(30))
                let limit = queue.nextSequence
                while let action = queue.popDue(now: now, sequenceLimit: limit) { action() }
                model.sort { ($0.deadline, $0.sequence) < ($1.deadline, $1.sequence) }
                while let first = model.first, first.deadline <= now {
                    fired.append(first.label)
                    ids.removeValue(forKey: first.label)
                    model.removeFirst()
                }
            }
            #expect(queue.count == model.count)
        }
        #expect(recorder.labels == fired)
        #expect(!fired.isEmpty)
    }

    @Test func popDue_skipsTimersScheduledDuringThePass() {
        var queue = TimerQueue()
        _ = queue.schedule(deadline: 0) {}
        let limit = queue.nextSequence
        _ = queue.schedule(deadline: 0) {}
        let first = queue.popDue(now: 0, sequenceLimit: limit)
        let second = queue.popDue(now: 0, sequenceLimit: limit)
        #expect(first != nil)
        #expect(second == nil)
        #expect(queue.count == 1)
    }

    @Test func staleIDs_areIgnoredAfterSlotReuse() {
        var queue = TimerQueue()
        let first = queue.schedule(deadline: 5) {}
        let cancelled = queue.cancel(first)
        #expect(cancelled)
        let second = queue.schedule(deadline: 5) {}
        #expect(second.slot == first.slot, "the slot is reused")
        let staleCancel = queue.cancel(first)
        let staleReschedule = queue.reschedule(first, deadline: 1)
        #expect(!staleCancel)
        #expect(!staleReschedule)
        #expect(queue.count == 1)
        #expect(queue.earliestDeadline == 5)
    }
}

/// Collects fired labels (actions are plain closures on one thread).
private final class FiredLabels {
    var labels: [Int] = []
}
