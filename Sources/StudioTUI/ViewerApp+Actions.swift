// ViewerApp+Actions: what each key, mouse event and `:` command does to the viewer's camera, view and take.

import FrameOutput
import Geometry
import SceneImaging
import SceneModel
import Shot
import TerminalBlit

extension ViewerApp {
    /// Applies one action; true when the picture must be rendered again.
    func handle(_ action: KeyAction) -> Bool {
        switch action {
        case .quit:
            return false
        case .toggleHelp:
            showHelp.toggle()
            helpOverlay.offset = 0
            // Kitty draws pictures over text: take the picture away while an overlay is open.
            if showHelp { presenter?.hide() }
            if !showHelp { closeOverlay() }
            return false
        case .closeHelp:
            if showHelp || marksOverlay != nil {
                showHelp = false
                marksOverlay = nil
                closeOverlay()
            }
            return false
        case .focus(let factor):
            guard scene.stage != nil else { show("focus needs a scene file"); return false }
            playback?.pause()  // pulling focus takes the camera from the take
            camera.focusDistanceM = min(max(camera.focusDistanceM * factor, 0.3), 1000)
            camera = scene.relensed(camera, viewing: viewing)
            show("focus \(ViewerChrome.fixed(camera.focusDistanceM, 2)) m")
            return true
        case let .mouse(col, row, button):
            return mouse(col: col, row: row, button: button)
        case .record:
            guard let live = scene.live else {
                playback?.pause()
                camera = camera.flown(forward: 0, right: 0, up: Double(KeyAction.fast), step: scene.flyStep)
                return true
            }
            show(live.toggleRecording())
            return false
        case .togglePlanPane:
            guard scene.stage != nil else { show("the plan needs a scene file"); return false }
            planPane.toggle()
            layout += 1
            return true
        case .dropMark:
            guard let stage = scene.stage else { show("marks need a scene file"); return false }
            show(marks.drop(at: camera, cameraName: scene.cameraName(viewing: viewing),
                            frame: timeline == nil ? nil : playhead, existing: stage.scene.marks))
            return false
        case .listMarks:
            if marksOverlay != nil {
                marksOverlay = nil
                closeOverlay()
            } else {
                marksOverlay = ScrollingOverlay(lines: marks.lines(existing: scene.stage?.scene.marks ?? []))
                presenter?.hide()
            }
            return false
        case .saveMarks:
            guard let stage = scene.stage else { show("marks need a scene file"); return false }
            show(marks.save(to: stage.file))
            return false
        case let .fly(f, r, u):
            playback?.pause()  // flying takes the camera from the take
            camera = camera.flown(forward: Double(f), right: Double(r), up: Double(u), step: scene.flyStep)
            return true
        case let .orbit(yaw, pitch) where pitch == 0 && timeline != nil:
            // With a take, left and right step through it (shift: ten frames); up and down still orbit.
            return handle(.step((yaw > 0 ? 1 : -1) * (abs(yaw) > KeyAction.orbitStep ? 10 : 1)))
        case let .orbit(yaw, pitch):
            playback?.pause()
            camera = camera.orbited(yaw: yaw, pitch: pitch, distance: scene.orbitDistance)
            return true
        case .zoom(let factor):
            playback?.pause()
            camera = scene.relensed(camera.zoomed(by: factor), viewing: viewing)
            return true
        case .nextBlitter:
            guard unicode else {
                show("no UTF-8 locale: ascii blitter only")
                return false
            }
            blitter = blitter.next
            // Said on the message line too: a narrow status line drops the display fields before the shot's warnings.
            show("blitter \(blitter.rawValue)")
            layout += 1
            return true
        case .nextColorDepth:
            let modes = plan.available
            let i = modes.firstIndex(of: depth) ?? 0
            depth = modes[(i + 1) % modes.count]
            show(modes.count == 1 ? "this terminal shows no other colour modes" : "colour \(depth.label)")
            layout += 1
            return true
        case .snapshot:
            snapshot(size: snapshotSize ?? scene.imageSize)
            return false
        case .redraw:
            terminal.forceFullRepaint()
            return false
        case .resize:
            relayout()
            return false
        case .togglePlay:
            guard let timeline else { show("no take: open a scene with --take"); return false }
            playback?.toggle(now: clock.seconds)
            // Resume from the frame shown, with the take's camera.
            camera = timeline.frames[playhead].camera
            return true
        case .nextView, .view:
            guard scene.stage != nil else { show("one view only: XR views need a scene file"); return false }
            let all = XRView.named.map(\.1)
            if case .view(let i) = action { view = all[min(max(i, 0), all.count - 1)] } else {
                view = all[((all.firstIndex(of: view) ?? 0) + 1) % all.count]
            }
            layout += 1
            return true
        case .command:
            commandLine.open()
            return false
        case .jump(let direction):
            guard timeline != nil else { return false }
            // Problem ranges' first frames and the frames marks were dropped at.
            let starts = Set(problems.map(\.frames.lowerBound) + marks.frames).sorted()
            let target = direction > 0 ? starts.first { $0 > playhead } : starts.last { $0 < playhead }
            guard let t = target else {
                show(starts.isEmpty ? "no problem ranges or marks on the timeline" : "no further problem range or mark")
                return false
            }
            seek(t)
            let here = problems.filter { $0.frames.contains(t) }.map(\.label)
                + marks.dropped.filter { $0.frame == t }.map { "mark \($0.mark.name)" }
            show(here.joined(separator: "; "))
            return true
        case .nextCamera(let direction):
            guard let set = scene.takeSet else { show(oneCameraMessage); return false }
            return switchCamera(to: (viewing + direction + set.names.count) % set.names.count)
        case .step(let n):
            guard let timeline else { return false }
            playback?.step(n)
            camera = timeline.frames[playhead].camera
            return true
        }
    }

    // MARK: Mouse

    /// A click on the timeline seeks there; the wheel over the plan (pane or view) zooms it.
    func mouse(col: Int, row: Int, button: MouseButton) -> Bool {
        let (cols, rows) = screen
        if button == .click, let timeline, row == rows - 3 {
            guard let f = ViewerChrome.timelineFrame(atColumn: col, count: timeline.frames.count,
                                                    label: timeline.frames[playhead].timecode.description,
                                                    frame: playhead, width: cols) else { return false }
            seek(f)
            return true
        }
        if button != .click {
            let pane = planPaneSize
            let overPane = pane.map { col >= cols - $0.cols && row < $0.rows } ?? false
            guard view == .plan || overPane else { return false }
            planZoom = min(max(planZoom * (button == .wheelUp ? 1.25 : 0.8), 0.25), 16)
            show("plan zoom \(ViewerChrome.fixed(planZoom, 2))x")
            return true
        }
        return false
    }

    enum CommandKeyResult { case none, changed, quit }

    /// Runs a command from the command line.
    func run(_ command: ViewerCommand) -> CommandKeyResult {
        switch command {
        case .quit:
            return .quit
        case .gotoFrame(let n):
            guard let timeline else { show("goto: no take (open a scene with --take)"); return .none }
            guard let i = timeline.index(ofFrame: n) else {
                show("goto: no frame \(n) (the take has frames \(timeline.frames.first!.frame)-\(timeline.frames.last!.frame))")
                return .none
            }
            return go(to: i)
        case .gotoTimecode(let tc):
            guard let timeline else { show("goto: no take (open a scene with --take)"); return .none }
            // `:` or `;` (a drop-frame take's 10:01:00:02 was "no frame" beside its label 10:01:00;02).
            guard let i = timeline.index(ofLabel: tc) else {
                show("goto: no frame at \(ViewerCommand.echo(tc)): " + timeline.whyNoFrame(atLabel: tc))
                return .none
            }
            return go(to: i)
        case .lens(let mm):
            playback?.pause()
            camera = scene.relensed(camera.withFocalLength(mm), viewing: viewing)
            show("lens \(ViewerChrome.fixed(mm, 1)) mm")
            return .changed
        case .snapshot(let size):
            snapshot(size: size ?? snapshotSize ?? scene.imageSize)
            return .none
        case .messages:
            // In the list overlay's place (Esc or M closes it); warnings the viewer put on the status line too.
            let lines = messageLog.isEmpty ? ["no messages yet"] : messageLog
            marksOverlay = ScrollingOverlay(lines: ["messages, oldest first (Esc closes):"] + lines)
            presenter?.hide()
            return .none
        case .camera(let name):
            guard let set = scene.takeSet else { show(oneCameraMessage); return .none }
            switch set.camera(named: name) {
            case .success(let k): return switchCamera(to: k) ? .changed : .none
            case .failure(let e): show(e.message); return .none
            }
        case .view(let v):
            guard scene.stage != nil else { show("one view only: XR views need a scene file"); return .none }
            view = v
            layout += 1
            return .changed
        case .render(let range):
            guard let stage = scene.stage, let timeline else { show("render: needs a scene with --take"); return .none }
            // A take set renders the viewed camera's view (`render --take SET --view VIEW:NAME`).
            let take = scene.takeSet?.name ?? timeline.takeName
            let seen = scene.takeSet.map { $0.names[viewing] }
            // Each camera of a set its own folder, even when two names make one slug (kept frames are not re-rendered).
            let cameraSlug = scene.takeSet.map { uniqueFileSlugs($0.names, fallback: "camera")[viewing] }
            let dir = "renders/" + fileSlug(take, fallback: "take") + "-" + view.name + (cameraSlug.map { "-" + $0 } ?? "")
            renders.start(SequenceJob(scenePath: stage.file, take: take, frames: range, view: view.name,
                                      outDirectory: dir, camera: seen))
            show("rendering frames \(range.lowerBound)-\(range.upperBound) (\(view.name)) to \(dir)/ ...", progress: true)
            return .none
        }
    }

    /// `:goto`'s answer: pause on take frame `i` and say which frame and timecode it is.
    func go(to i: Int) -> CommandKeyResult {
        seek(i)
        if let f = timeline?.frames[playhead] { show("goto: frame \(f.frame) \(f.timecode)") }
        return .changed
    }

    /// `p` / `:snapshot`: the view shown, through the camera shown, at `size`, written beside the viewer.
    func snapshot(size: (width: Int, height: Int)) {
        // A take frame's snapshot is that frame's shot; a camera flown, zoomed or relensed from it is not, and says so.
        let frame = timeline.map { t in
            (onTakeFrame ? "" : "camera moved from ") + "frame \(t.frames[playhead].frame) \(t.frames[playhead].timecode)"
        }
        let started = snapshots.start(view: view, camera: camera, wall: wall, width: size.width, height: size.height, planZoom: planZoom,
                                      frame: frame)
        if started {
            show("rendering \(view.name) snapshot \(size.width)x\(size.height)...", progress: true)
        } else {
            show("a snapshot is still being written")
        }
    }

    /// Views take-set camera `k` at the frame shown: its take's camera there (a camera flown from the previous one
    /// is left behind); playback carries on. True when the picture changes.
    func switchCamera(to k: Int) -> Bool {
        guard let set = scene.takeSet else { return false }
        let name = set.names[k]
        guard k != viewing else { show("viewing camera \(name) already"); return false }
        viewing = k
        if let timeline { camera = timeline.frames[playhead].camera }
        show("viewing camera \(name) (\(k + 1) of \(set.names.count): " + set.names.joined(separator: ", ") + ")")
        layout += 1
        return true
    }

    /// Why `n` and `:camera` do nothing without a take set, naming the scene's take sets.
    var oneCameraMessage: String {
        let sets = scene.stage?.scene.takeSets.map { "'\($0.name)'" } ?? []
        return "one camera: open a take set with --take SET to switch cameras"
            + (sets.isEmpty ? "" : " (the scene's: " + sets.joined(separator: ", ") + ")")
    }
}
