// LiveCameraSource: where a live tracked camera comes from, as the viewer sees it (the app wires the receiver).

/// A live camera feed for the viewer (`tui --live freed://...`): polled once per UI turn, it returns the newest
/// camera since the last poll (nil when nothing new arrived) and a status line (rate, rejects, age).
public protocol LiveCameraSource: AnyObject, Sendable {
    func poll() -> (camera: FlyCamera?, status: String)
}
