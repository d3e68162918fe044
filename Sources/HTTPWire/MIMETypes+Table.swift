extension MIMETypes {
    /// The media types of one configuration, merged once at load so that a lookup on the request
    /// path is one dictionary lookup: the built-in table, the system's `mime.types` over it, the
    /// rule file's `AddType` overrides over both. Each entry carries its type with and without
    /// ``MIMETypes/utf8Charset`` and whether it is worth compressing, all computed at load.
    public struct Table: Sendable {
        /// What a suffix maps to.
        public struct Entry: Sendable, Hashable {
            /// The media type as configured.
            public let type: String
            /// ``type`` with ``MIMETypes/utf8Charset`` when it is textual and has no charset yet.
            public let typeWithCharset: String
            /// ``MIMETypes/isCompressible(_:)`` of the type: whether gzip on the fly is worth it.
            public let isCompressible: Bool

            /// The entry for `type`, with the derived facts computed once.
            public init(type: String) {
                let essence = MIMETypes.essence(of: type)
                self.type = type
                self.typeWithCharset = MIMETypes.withCharset(type, essence: essence)
                self.isCompressible = MIMETypes.isCompressible(essence: essence)
            }
        }

        /// Lowercase suffix → entry.
        private let entries: [String: Entry]
        /// The entry for names without a known suffix: ``MIMETypes/defaultType``.
        public let defaultEntry = Entry(type: MIMETypes.defaultType)

        /// Merges `builtIn` (default ``MIMETypes/builtIn``), then `system` (from
        /// ``MIMETypes/parseTypesFile(_:)-([UInt8])``), then `overrides` (keys as
        /// ``MIMETypes/overrideKey(forSuffix:)`` makes them); later layers win. Keys are
        /// lowercased, so any spelling of a suffix works.
        public init(builtIn: [String: String] = MIMETypes.builtIn, system: [String: String] = [:], overrides: [String: String] = [:]) {
            var merged: [String: Entry] = [:]
            merged.reserveCapacity(builtIn.count + system.count + overrides.count)
            for layer in [builtIn, system, overrides] {
                for (suffix, type) in layer {
                    merged[MIMETypes.overrideKey(forSuffix: suffix)] = Entry(type: type)
                }
            }
            self.entries = merged
        }

        /// The number of suffixes known.
        public var count: Int { entries.count }

        /// The entry for `fileName`'s last suffix (``MIMETypes/suffix(of:)``), else ``defaultEntry``.
        public func entry(forFileName fileName: String) -> Entry {
            MIMETypes.suffix(of: fileName).flatMap { entries[$0] } ?? defaultEntry
        }

        /// The entry for a suffix as ``MIMETypes/suffix(of:)`` returns it (lowercase, no dot).
        public func entry(forSuffix suffix: String) -> Entry? {
            entries[suffix]
        }

        /// The `Content-Type` for `fileName`, with ``MIMETypes/utf8Charset`` on textual types when
        /// `charset` is set (`DefaultCharset`).
        public func type(forFileName fileName: String, charset: Bool = false) -> String {
            let entry = entry(forFileName: fileName)
            return charset ? entry.typeWithCharset : entry.type
        }
    }
}
