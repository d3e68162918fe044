import HTTPWire
import Transport

extension StaticFileResponder {
    /// The body of a 200, or of a 206 for the requested ranges (one range as is, several as
    /// `multipart/byteranges`, RFC 9110 §14.6), or 416.
    func ranged(_ representation: FileRepresentation, head: ResponseHead, request: RequestHead, user: String?) -> ResponsePlan {
        var h = head
        let size = representation.size
        if request.method == .get, let rangeValue = request.headers["Range"],
           request.headers["If-Range"].map({ ConditionalRequest.evaluateIfRange($0, etag: representation.etag,
                                                                                lastModified: representation.lastModified) }) ?? true {
            switch ByteRangeSet(parsing: rangeValue, fileSize: size) {
            case .satisfiable(let ranges) where ranges.count == 1:
                let range = ranges[0]
                h.status = .partialContent
                h.fields.append(HTTPField(name: "Content-Range",
                                          value: ByteRange.contentRange(start: range.lowerBound, endInclusive: range.upperBound, size: size)))
                return body(representation, offset: range.lowerBound, length: range.count, head: h, request: request, user: user)
            case .satisfiable(let ranges):
                let multipart = MultipartByteRanges(ranges: ranges, fileSize: size, partContentType: representation.contentType,
                                                    seed: UInt64.random(in: 0...UInt64.max))
                h.status = .partialContent
                h.contentType = multipart.contentType
                h.contentLength = multipart.contentLength
                return multipartBody(representation, multipart, head: h, request: request, user: user)
            case .unsatisfiable:
                representation.release()
                return builder.page(.rangeNotSatisfiable, detail: nil,
                                    fields: [HTTPField(name: "Content-Range", value: ByteRange.unsatisfiedContentRange(size: size))], user: user)
            case .ignored:
                break
            }
        }
        return body(representation, offset: 0, length: size, head: h, request: request, user: user)
    }

    /// `length` bytes from `offset` of the representation.
    private func body(_ representation: FileRepresentation, offset: Int, length: Int, head: ResponseHead, request: RequestHead,
                      user: String?) -> ResponsePlan {
        var h = head
        h.contentLength = length
        if request.method == .head || length == 0 {
            representation.release()
            return ResponsePlan(head: h, body: .none, close: builder.closes(false), user: user)
        }
        switch representation.source {
        case .memory(let bytes):
            let part = offset == 0 && length == bytes.count ? bytes : Array(bytes[offset..<(offset + length)])
            return ResponsePlan(head: h, body: .bytes(part), close: builder.closes(false), user: user)
        case .descriptor(let fd):
            return ResponsePlan(head: h, body: .file(fd, offset: Int64(offset), length: length), close: builder.closes(false), user: user)
        }
    }

    /// The parts of a `multipart/byteranges` body: built in memory from a cached document, or
    /// streamed from the open file.
    private func multipartBody(_ representation: FileRepresentation, _ multipart: MultipartByteRanges, head: ResponseHead,
                               request: RequestHead, user: String?) -> ResponsePlan {
        switch representation.source {
        case .memory(let bytes):
            var out: [UInt8] = []
            out.reserveCapacity(multipart.contentLength)
            for segment in multipart.segments {
                switch segment {
                case .bytes(let literal): out += literal
                case .file(let offset, let length): out += bytes[offset..<(offset + length)]
                }
            }
            return ResponsePlan(head: head, body: .bytes(out), close: builder.closes(false), user: user)
        case .descriptor(let fd):
            let parts = multipart.segments.map { segment -> ResponsePlan.Part in
                switch segment {
                case .bytes(let literal): .bytes(literal)
                case .file(let offset, let length): .file(offset: Int64(offset), length: length)
                }
            }
            return ResponsePlan(head: head, body: .parts(parts, fd), close: builder.closes(false), user: user)
        }
    }
}
