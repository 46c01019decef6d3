// LiveCameraSource: where a live tracked camera comes from, as the viewer sees it (the app wires the receiver).

/// A live camera feed for the viewer (`tui --live freed://...`): polled once per UI turn, it returns the newest
/// camera since the last poll (nil when nothing new arrived) and a status line (rate, rejects, age).
public protocol LiveCameraSource: AnyObject, Sendable {
    func poll() -> (camera: FlyCamera?, status: String)
    /// `R`: start or stop recording to a take file; the message to show.
    func toggleRecording() -> String
}

extension LiveCameraSource {
    /// `R`: start recording the samples as they arrive, or stop and write them as a take; a line saying what
    /// happened. Sources that cannot record say so.
    public func toggleRecording() -> String { "this live source cannot record" }
}
