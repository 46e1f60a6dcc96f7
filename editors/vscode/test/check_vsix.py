"""Checks what the packaged extension holds, run by scripts/build.sh on the .vsix just built:
the manifest (the language, grammar, commands and entry point it declares, the version in the
VSIX manifest), every file it names present and parseable, the bundled client inside
dist/extension.js, and nothing that belongs outside the package (sources, node_modules, tests).
Prints nothing when all is well. Usage: check_vsix.py PATH.vsix"""

import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


path = sys.argv[1]
with zipfile.ZipFile(path) as vsix:
    names = set(vsix.namelist())
    read = lambda name: vsix.read(name).decode("utf-8")
    for required in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/dist/extension.js",
        "extension/syntaxes/palisade.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/snippets/palisade.json",
        "extension/images/icon.png",
        "extension/readme.md",
        "extension/changelog.md",
    ]:
        check(required in names, f"{required} is missing")
    for name in names:
        check(
            not any(part in name for part in ["node_modules/", "/src/", "/test/", "/e2e/", ".ts", ".map"]),
            f"{name} should not be packaged",
        )
    if problems:
        sys.exit("\n".join(problems))

    manifest = json.loads(read("extension/package.json"))
    version = manifest["version"]
    check(path.endswith(f"palisade-{version}.vsix"), f"the file name does not carry version {version}")
    identity = ET.fromstring(read("extension.vsixmanifest")).find(
        ".//{http://schemas.microsoft.com/developer/vsx-schema/2011}Identity"
    )
    check(identity is not None and identity.get("Version") == version, "the VSIX manifest's version differs")
    check(identity is not None and identity.get("Id") == "palisade", "the VSIX manifest's id is not palisade")
    check(manifest["main"] == "./dist/extension.js", "main is not the bundle")
    for key in ["repository", "license", "categories", "keywords", "engines", "icon", "publisher"]:
        check(key in manifest, f"package.json has no {key}")
    contributes = manifest["contributes"]
    languages = {l["id"]: l for l in contributes["languages"]}
    check(languages.get("palisade", {}).get("extensions") == [".pal"], "no palisade language for *.pal")
    for language in contributes["languages"]:
        config = language.get("configuration", "").removeprefix("./")
        check(f"extension/{config}" in names, f"{config} is not packaged")
    for grammar in contributes["grammars"]:
        file = grammar["path"].removeprefix("./")
        check(f"extension/{file}" in names, f"{file} is not packaged")
        tm = json.loads(read(f"extension/{file}"))
        check(tm.get("scopeName") == grammar["scopeName"] == "source.palisade", "the grammar's scope differs")
        check(len(tm.get("repository", {})) >= 10, "the grammar looks empty")
    for snippets in contributes["snippets"]:
        body = json.loads(read("extension/" + snippets["path"].removeprefix("./")))
        check({"rule", "test", "testfixture", "type"} <= {s["prefix"] for s in body.values()}, "snippets missing")
    json.loads(read("extension/language-configuration.json"))
    commands = {c["command"] for c in contributes["commands"]}
    for command in [
        "palisade.runTestsInFile",
        "palisade.runTestAtCursor",
        "palisade.checkWorkspace",
        "palisade.formatDocument",
        "palisade.showControls",
        "palisade.restartServer",
    ]:
        check(command in commands, f"command {command} is not contributed")
    server_side = {"palisade.runTest", "palisade.runTests", "palisade.evaluate", "palisade.stopEvaluating"}
    check(not commands & server_side, "a client command has the id of a server command")
    settings = contributes["configuration"]["properties"]
    for setting in ["palisade.server.path", "palisade.trace.server", "palisade.config.discovery"]:
        check(setting in settings, f"setting {setting} is missing")
    bundle = read("extension/dist/extension.js")
    # vscode-languageclient is bundled (its protocol strings are in the bundle), vscode is not.
    for marker in ["workspace/executeCommand", "textDocument/publishDiagnostics", "palisade.runTestAtCursor"]:
        check(marker in bundle, f"the bundle does not contain {marker!r}")
    check('require("vscode")' in bundle, "the bundle does not load vscode from the editor")
    check("vscode-languageclient" not in {n.split("/")[1] for n in names if n.count("/") > 1}, "client unbundled")

    # README images point into the repository, at files that exist there.
    base = "https://github.com/palisade-policy/palisade/raw/HEAD/editors/vscode/"
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", read("extension/readme.md"))
    check(images, "the README shows no screenshot")
    for image in images:
        check(image.startswith(base), f"README image {image} does not point into editors/vscode")
        check(os.path.isfile(os.path.join(here, image.removeprefix(base))), f"README image {image} is not in the repository")

if problems:
    sys.exit(f"{path}:\n" + "\n".join(problems))
