import Dashboard
import Testing

@Suite("Renderer")
struct RendererTests {
    private let size = TerminalSize(width: 20, height: 4)

    @Test("the first frame is drawn in full, an identical frame sends nothing")
    func unchangedFrameIsFree() {
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        var renderer = Renderer()
        var grid = CellGrid(size: size)
        grid.put("hello", row: 1, col: 2)
        renderer.render(grid, on: terminal)
        #expect(terminal.screen.lines[1] == "  hello")
        #expect(renderer.lastCellCount == 80)
        let calls = terminal.drawCalls
        renderer.render(grid, on: terminal)
        #expect(terminal.drawCalls == calls)
        #expect(renderer.lastRunCount == 0)
    }

    @Test("only the changed run is sent")
    func diff() {
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        var renderer = Renderer()
        var grid = CellGrid(size: size)
        grid.put("count: 1", row: 0, col: 0)
        renderer.render(grid, on: terminal)
        grid.put("count: 2", row: 0, col: 0)
        renderer.render(grid, on: terminal)
        #expect(renderer.lastRunCount == 1)
        #expect(renderer.lastCellCount == 1)
        #expect(terminal.screen.lines[0] == "count: 2")
    }

    @Test("style changes split runs; invalidate redraws everything")
    func styles() {
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        var renderer = Renderer()
        var grid = CellGrid(size: size)
        renderer.render(grid, on: terminal)
        grid.put("ab", row: 2, col: 0, style: CellStyle(fg: .red))
        grid.put("cd", row: 2, col: 2, style: CellStyle(attributes: .bold))
        renderer.render(grid, on: terminal)
        #expect(renderer.lastRunCount == 2)
        #expect(terminal.screen[2, 0].style.fg == .red)
        #expect(terminal.screen[2, 3].style.attributes == .bold)
        renderer.invalidate()
        renderer.render(grid, on: terminal)
        #expect(renderer.lastCellCount == 80)
    }

    @Test("a grid of another size is drawn in full")
    func resize() {
        let terminal = BufferTerminal(size: size, capabilities: Render.color)
        var renderer = Renderer()
        renderer.render(CellGrid(size: size), on: terminal)
        let bigger = TerminalSize(width: 30, height: 5)
        terminal.resize(to: bigger)
        renderer.render(CellGrid(size: bigger), on: terminal)
        #expect(renderer.lastCellCount == 150)
    }
}
