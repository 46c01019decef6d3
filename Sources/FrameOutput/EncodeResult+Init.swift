// EncodeResult+Init: a public initializer, for frames written outside the encode queue (EXR sequences).

extension EncodeResult {
    /// A frame on disk under its final name, with its sizes and times as the queue reports them.
    public init(writtenOutsideQueue index: Int, frame: Int, path: String, bytes: Int, encodeMilliseconds: Double,
                writeMilliseconds: Double,
                alreadyThere: Bool) {
        self.index = index
        self.frame = frame
        self.path = path
        self.bytes = bytes
        self.encodeMilliseconds = encodeMilliseconds
        self.writeMilliseconds = writeMilliseconds
        self.alreadyThere = alreadyThere
    }
}
