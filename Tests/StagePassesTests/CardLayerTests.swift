// CardLayerTests: the sampler's plain-value light card covers exactly what `LightCard.coverage` covers, bit for bit,
// for both shapes, hard and feathered edges, inside, across the feather and outside.

@testable import StagePasses
import SceneModel
import XCTest

final class CardLayerTests: XCTestCase {
    func testCoverageIsTheCardsOwnBitForBit() {
        var checked = 0, partial = 0
        for shape in LightCard.Shape.allCases {
            for feather in [0.0, 0.2, 0.5, 1.0, 1.5, -0.1] {
                let card = LightCard(name: "card", surface: "wall", shape: shape, centreM: [4, 1.6], sizeM: [3.2, 2],
                                     color: [1, 0.8, 0.6], intensity: 2, feather: feather)
                let layer = CardLayer(card, surface: 0)
                for j in 0..<41 {
                    for i in 0..<61 {
                        let u = 2.0 + 4.0 * Double(i) / 60 + 1e-3, v = 0.4 + 2.4 * Double(j) / 40 + 1e-3
                        let want = card.coverage(u: u, v: v), got = layer.coverage(u: u, v: v)
                        XCTAssertEqual(got.bitPattern, want.bitPattern, "\(shape) feather \(feather) at (\(u), \(v))")
                        checked += 1
                        if want > 0 && want < 1 { partial += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(partial, 1000, "the grid must cross the feathers")
        XCTAssertEqual(checked, 2 * 6 * 41 * 61)
    }
}
