// FarmPlan+JSON: `farm plan --json`: the plan as one object, for schedulers and scripts that read it.

extension FarmPlan: Encodable {
    enum CodingKeys: String, CodingKey {
        case scene, take, out, chunk, every, views, size, pattern, format, frames, first, last, chunks, jobs
    }

    /// Keys: scene, take, out, chunk, every, views ([] for the default view), size [w, h], pattern, format (png or exr), frames (count),
    /// first, last, chunks (count), jobs (each: index, chunk, view or null, first, last, frames, out, command, argv).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(request.scenePath, forKey: .scene)
        try c.encode(request.take, forKey: .take)
        try c.encode(request.outDirectory, forKey: .out)
        try c.encode(request.chunkSize, forKey: .chunk)
        try c.encode(request.every, forKey: .every)
        try c.encode(request.views.map(\.rawValue), forKey: .views)
        try c.encode([width, height], forKey: .size)
        try c.encode(request.effectivePattern, forKey: .pattern)
        try c.encode(request.fileFormat, forKey: .format)
        try c.encode(frames.count, forKey: .frames)
        try c.encode(frames.first, forKey: .first)
        try c.encode(frames.last, forKey: .last)
        try c.encode(chunks.count, forKey: .chunks)
        try c.encode(jobs, forKey: .jobs)
    }
}

extension FarmJob: Encodable {
    enum CodingKeys: String, CodingKey { case index, chunk, view, first, last, frames, out, command, argv }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(chunk.index, forKey: .chunk)
        try c.encode(view?.rawValue, forKey: .view)
        try c.encode(chunk.first, forKey: .first)
        try c.encode(chunk.last, forKey: .last)
        try c.encode(chunk.frames.count, forKey: .frames)
        try c.encode(outDirectory, forKey: .out)
        try c.encode(command, forKey: .command)
        try c.encode(argv, forKey: .argv)
    }
}
