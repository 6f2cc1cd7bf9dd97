"""`offscript graph`: the map, rendered by Graphviz, parsed by Mermaid's parser and drawn by Mermaid in Chromium."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.engine.loader import load_file
from offscript.render.graph import to_dot, to_mermaid

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "graph" / "hostile.yaml"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
MERMAID = ROOT / "tests" / "mermaid"


def graph(path: Path, *options: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["graph", str(path), *options]) == 0
    return capsys.readouterr().out


def edge_count(path: Path) -> int:
    result = load_file(path)
    assert result.scenario is not None
    return sum(len(node.targets()) for node in result.scenario.nodes.values())


def need(program: str, package: str) -> str:
    """The program's path; a failure (never a skip) when it is missing: CI installs it."""
    found = shutil.which(program)
    if found is None:
        pytest.fail(f"'{program}' is not installed: install Debian's '{package}' package (.ci/run does)")
    return found


def test_dot_shows_every_node_by_kind_and_every_way_out(capsys: pytest.CaptureFixture[str]) -> None:
    dot = graph(HOSTILE, capsys=capsys)
    assert dot.startswith('digraph "graph-hostile" {')
    assert re.search(r'^  "end" \[label="START ▸ end\\n.*shape=box, style="filled", peripheries=2\]', dot, re.M)
    assert re.search(r'^  "graph" \[.*shape=box, style="filled,rounded"\]', dot, re.M)  # read, then on
    assert re.search(r'^  "subgraph" \[label="subgraph\\n\(routes on its own\)", shape=diamond', dot, re.M)
    success = re.search(r'^  "class-1" \[label="class-1\\nSUCCESS: Deal \\"done\\" <ok>.*shape=hexagon.*$', dot, re.M)
    assert success and 'fillcolor="#d8f0dc"' in success.group(0)  # coloured, and labelled: not colour alone
    assert re.search(r'^  "style" \[label="style\\nFAILURE: No deal; #sad.*fillcolor="#f8d9dc"', dot, re.M)
    for node in ("click", "o--x"):
        unreachable = re.search(rf'^  "{node}" \[.*$', dot, re.M)
        assert unreachable and "\\nUNREACHABLE" in unreachable.group(0), node
        assert 'style="filled,dashed"' in unreachable.group(0) and 'color="#888888"' in unreachable.group(0), node
    assert dot.count("UNREACHABLE") == 2 and dot.count("peripheries=2") == 1  # the start, once
    assert '  "o--x" -> "click" [label="1\\nC+2", style=dashed, color="#888888", fontcolor="#555555"];' in dot
    assert '  "end" -> "end" [label="1: ask-first\\nE+1 C+1\\nonce"];' in dot
    assert '  "end" -> "graph" [label="2\\nO-1\\nif trust >= 2 and not (trust > 3)"];' in dot
    assert '  "subgraph" -> "class-1" [label="if trust >= 2", style=dotted];' in dot
    assert '  "subgraph" -> "style" [label="else", style=dotted];' in dot
    assert dot.count(" -> ") == edge_count(HOSTILE)


def test_dot_escapes_quotes_and_backslashes_in_scenario_text(capsys: pytest.CaptureFixture[str]) -> None:
    dot = graph(HOSTILE, capsys=capsys)
    assert 'label="Quotes \\" and \\\\l, <b>tags</b> &amp; a -->|pipe|' in dot  # \l: left-justify in Graphviz
    for line in dot.splitlines():
        unescaped = re.sub(r"\\.", "", line)
        assert unescaped.count('"') % 2 == 0, line  # every string closed on its own line


@pytest.mark.parametrize("path", [HOSTILE, *SHIPPED], ids=lambda p: p.stem)
def test_graphviz_renders_the_dot(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dot = need("dot", "graphviz")
    source = tmp_path / "map.dot"
    source.write_text(graph(path, capsys=capsys))
    done = subprocess.run([dot, "-Tsvg", str(source)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    result = load_file(path)
    assert result.scenario is not None
    titles = {html.unescape(title) for title in re.findall(r"<title>(.*?)</title>", done.stdout)}
    assert set(result.scenario.nodes) <= titles  # every node drawn, found by its id


def test_mermaid_names_nodes_safely_and_escapes_every_label(capsys: pytest.CaptureFixture[str]) -> None:
    mermaid = graph(HOSTILE, "--format", "mermaid", capsys=capsys)
    lines = mermaid.splitlines()
    assert lines[:4] == ["---", lines[1], "---", "flowchart TD"]
    # the front matter is YAML, shown as text after HTML sanitising: no #codes there, stand-ins for & < > and %%
    assert lines[1] == 'title: "Quotes \\" and \\\\l, ‹b›tags‹/b› + a --›|pipe| ; % % comment"'
    assert 'n0["START ▸ end<br>#34;Is this the end?#34; she asks. #93;#41; --#62; x#91;e…"]' in lines[5]
    assert '  n1(["graph<br>#34;Right.#34; #124; She pauses."])' in lines  # a stadium: read, then on
    assert '  n2{"subgraph<br>#40;routes on its own#41;"}' in lines
    assert '  n6["o--x<br>Nobody decides here either.<br>UNREACHABLE"]' in lines
    assert '  n0 -->|"1: ask-first<br>E+1 C+1<br>once"| n0' in lines
    assert '  n2 -.->|"if trust #62;= 2"| n3' in lines
    # one class per line: `class n5 partial,unreachable` would name one class that does not exist
    assert {"  class n3 success", "  class n5 partial", "  class n4 failure", "  class n0 start"} <= set(lines)
    assert "  class n5,n6 unreachable" == lines[-2] and "  linkStyle 6 stroke:#888888,stroke-dasharray:5 5" in lines
    assert lines.index("  class n5 partial") < lines.index("  class n5,n6 unreachable")  # the grey border wins
    for line in lines[4:]:
        names = re.findall(r"^\s+(\w+)[\[({]", line) + re.findall(r"\| (\w+)$", line)
        assert all(re.fullmatch(r"n\d+", name) for name in names), line  # never `end`, `graph`, `style`...
        inside = re.findall(r'"([^"]*)"', line)
        bare = [re.sub(r"#\d+;", "", text.replace("<br>", "")) for text in inside]
        assert all(not re.search(r"[<>&|;%#\\`]", text) for text in bare), line
    assert mermaid.count("-->") + mermaid.count("-.->") == edge_count(HOSTILE)


def test_entities_bidi_controls_and_directives_in_scenario_text_stay_inert(tmp_path: Path) -> None:
    """Text a reader must see as written: no entity decoded, no line forged, nothing reversed, no directive run."""
    source = HOSTILE.read_text().replace("text: Won.", 'text: "&lt;b&gt; \\u2028forged \\u202eesrever %%"')
    source = source.replace("title: 'Quotes", 'title: \'%%{init: {"theme": "dark"}}%%%\u202e Quotes')
    (tmp_path / "evil.yaml").write_text(source, encoding="utf-8")
    scenario = load_file(tmp_path / "evil.yaml").scenario
    assert scenario is not None
    dot, mermaid = to_dot(scenario, set()), to_mermaid(scenario, set())
    assert "\\n&amp;lt;b&amp;gt; forged \ufffdesrever %%" in dot  # Graphviz would decode &lt;
    assert "#38;lt#59;b#38;gt#59; forged \ufffdesrever #37;#37;" in mermaid
    title = mermaid.splitlines()[1]
    assert title.startswith('title: "% %{init: {\\"theme\\": \\"dark\\"}}% % %\ufffd Quotes')
    assert "%%{" not in mermaid and "\u2028" not in dot + mermaid and "\u202e" not in dot + mermaid


def test_mermaid_s_own_parser_accepts_every_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mermaid's parser, as GitHub and VS Code run it (node and `npm install --prefix tests/mermaid`; .ci/run)."""
    node = need("node", "nodejs")
    if not (MERMAID / "node_modules" / "mermaid").is_dir():
        pytest.fail("Mermaid is not installed for the tests: npm ci --prefix tests/mermaid (.ci/run does)")
    files = []
    for path in [HOSTILE, *SHIPPED]:
        target = tmp_path / f"{path.stem}.mmd"
        target.write_text(graph(path, "--format", "mermaid", capsys=capsys))
        files.append(str(target))
    broken = tmp_path / "broken.mmd"
    broken.write_text("flowchart TD\n  end --> x\n")  # the parser does reject what it should
    done = subprocess.run(
        [node, str(MERMAID / "parse.mjs"), *files, str(broken)], capture_output=True, text=True, timeout=120
    )
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["ok"] * len(files) + ["FAIL"], done.stdout


RENDER = """async (source) => {
    mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
    const out = document.getElementById('out');
    out.innerHTML = (await mermaid.render('map', source)).svg;
    const style = (element) => {
        const computed = getComputedStyle(element);
        return {fill: computed.fill, stroke: computed.stroke, dashes: computed.strokeDasharray,
                width: computed.strokeWidth};
    };
    const nodes = {};
    for (const g of out.querySelectorAll('g.node')) {
        const name = g.id.match(/-flowchart-(n[0-9]+)-/)[1];
        nodes[name] = {text: g.textContent, ...style(g.querySelector('path, polygon, rect'))};
    }
    const edges = {};
    for (const path of out.querySelectorAll('path.flowchart-link')) edges[path.id.replace(/^map-/, '')] = style(path);
    return {title: out.querySelector('.flowchartTitleText')?.textContent, nodes, edges,
            scripts: out.querySelectorAll('script').length};
}"""
GREY, DASHED = "rgb(136, 136, 136)", "5px, 5px"


async def test_mermaid_draws_the_map_as_a_reader_sees_it(capsys: pytest.CaptureFixture[str]) -> None:
    """Mermaid really drawing the map in Chromium, as GitHub and VS Code do: parsing is not enough (a class line
    that names a class which does not exist parses, and draws nothing)."""
    from playwright.async_api import async_playwright

    chromium = need("chromium", "chromium")
    script = MERMAID / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not script.is_file():
        pytest.fail("Mermaid is not installed for the tests: npm ci --prefix tests/mermaid (.ci/run does)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = await browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        await page.set_content("<div id=out></div>")
        await page.add_script_tag(content=script.read_text())
        drawn = await page.evaluate(RENDER, graph(HOSTILE, "--format", "mermaid", capsys=capsys))
        shipped = {
            path.stem: await page.evaluate(RENDER, graph(path, "--format", "mermaid", capsys=capsys))
            for path in SHIPPED
        }
        await browser.close()
    assert errors == []
    assert drawn["title"] == 'Quotes " and \\l, ‹b›tags‹/b› + a --›|pipe| ; % % comment' and drawn["scripts"] == 0
    nodes = drawn["nodes"]
    assert nodes["n0"]["text"].startswith('START ▸ end"Is this the end?" she asks. ]) --> x[e…')  # decoded, as written
    assert nodes["n3"]["text"] == 'class-1SUCCESS: Deal "done" <ok>Won.' and nodes["n3"]["fill"] == "rgb(216, 240, 220)"
    assert nodes["n4"]["fill"] == "rgb(248, 217, 220)" and nodes["n0"]["width"] == "4px"  # failure red; the start
    assert nodes["n5"]["fill"] == "rgb(255, 241, 199)" and (nodes["n5"]["stroke"], nodes["n5"]["dashes"]) == (
        GREY,
        DASHED,
    )
    assert [name for name, node in nodes.items() if node["dashes"] == DASHED] == ["n5", "n6"]
    assert [name for name, edge in drawn["edges"].items() if edge["dashes"] == DASHED] == ["L_n6_n5_0"]
    assert drawn["edges"]["L_n6_n5_0"]["stroke"] == GREY
    for path in SHIPPED:
        scenario = load_file(path).scenario
        assert scenario is not None
        drawn_nodes = shipped[path.stem]["nodes"]
        assert len(drawn_nodes) == len(scenario.nodes) and shipped[path.stem]["title"] == scenario.title, path.stem
        for index, node_id in enumerate(scenario.nodes):  # every node drawn, its label led by its real id
            assert drawn_nodes[f"n{index}"]["text"].removeprefix("START ▸ ").startswith(node_id), (path.stem, node_id)


def test_output_file_and_format_from_its_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mermaid_file = tmp_path / "map.mmd"
    assert main(["graph", str(HOSTILE), "-o", str(mermaid_file)]) == 0
    assert mermaid_file.read_text().startswith("---\ntitle:")
    assert "wrote the map of graph-hostile" in capsys.readouterr().err
    dot_file = tmp_path / "map.dot"
    assert main(["graph", str(HOSTILE), "-o", str(dot_file)]) == 0
    assert dot_file.read_text() == to_dot(load_file(HOSTILE).scenario, {"click", "o--x"})  # type: ignore[arg-type]
    assert main(["graph", str(HOSTILE), "-o", str(mermaid_file), "--format", "dot"]) == 0  # overwrites, as asked
    assert mermaid_file.read_text().startswith("digraph")


def test_a_picture_suffix_is_drawn_by_graphviz_or_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    need("dot", "graphviz")
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")):
        picture = tmp_path / f"map{suffix}"
        assert main(["graph", str(HOSTILE), "-o", str(picture)]) == 0
        assert picture.read_bytes().startswith(magic), suffix
        assert "(drawn by Graphviz)" in capsys.readouterr().err
    assert main(["graph", str(HOSTILE), "-o", str(tmp_path / "map.png"), "--format", "mermaid"]) == 2
    assert "a Mermaid map is text: write it to a .mmd file" in capsys.readouterr().err
    assert main(["graph", str(HOSTILE), "-o", str(tmp_path / "no" / "map.svg")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("offscript: dot could not draw ") and err.count("\n") == 1
    monkeypatch.setattr(shutil, "which", lambda program: None)
    assert main(["graph", str(HOSTILE), "-o", str(tmp_path / "other.png")]) == 2
    assert "needs Graphviz's 'dot' (install graphviz)" in capsys.readouterr().err
    assert not (tmp_path / "other.png").exists()


def test_an_unwritable_output_is_a_usage_error_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(HOSTILE), "-o", str(tmp_path / "no" / "such" / "map.dot")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("offscript: cannot write ") and err.count("\n") == 1 and "Traceback" not in err
    assert main(["graph", str(HOSTILE), "-o", str(tmp_path)]) == 2  # a folder


def test_bad_format_is_a_usage_error_and_a_broken_scenario_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["graph", str(HOSTILE), "--format", "svg"])
    assert exited.value.code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text(HOSTILE.read_text().replace("goto: graph", "goto: nowhere"))
    assert main(["graph", str(broken)]) == 1
    assert "goto 'nowhere' is not a node" in capsys.readouterr().err


def test_writers_agree_on_every_node_and_edge() -> None:
    for path in SHIPPED:
        scenario = load_file(path).scenario
        assert scenario is not None
        dot, mermaid = to_dot(scenario, set()), to_mermaid(scenario, set())
        assert dot.count(" -> ") == mermaid.count("-->") + mermaid.count("-.->") == edge_count(path)
        assert len(re.findall(r"^  n\d+[\[({]", mermaid, re.M)) == len(scenario.nodes)
