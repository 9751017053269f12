// Lists the public exports of the library packages (packages/*/src, not internal/) whose doc comment lacks a
// description, `@since` or `@category` — what `pnpm docgen` (@effect/docgen 0.5, which has no option to require
// `@category`) does not check by itself. `export * as X from` re-exports in index.ts need `@since` only, as in
// Effect's packages.
//
//   node scripts/doc-tags.mjs            print "file:line export: missing …" lines and a count per file
//   node scripts/doc-tags.mjs --check    the same, and exit 1 when anything is missing
import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"
import { libraryPackages } from "./package-exports.mjs"

const root = path.resolve(import.meta.dirname, "..")

const sourceFiles = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? entry.name === "internal"
          ? []
          : sourceFiles(path.join(dir, entry.name))
        : entry.name.endsWith(".ts")
          ? [path.join(dir, entry.name)]
          : []
    )

const isExported = (node) =>
  ts.isExportDeclaration(node) ||
  (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword))

const nameOf = (node) => {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText()).join(", ")
  if (ts.isExportDeclaration(node)) return node.getText().replace(/\s+/g, " ").slice(0, 60)
  return node.name?.getText() ?? "(anonymous)"
}

/** The description and tag names of a doc comment's text (`/** … *\/`), or undefined when there is none. */
const parseDoc = (text) => {
  if (text === undefined) return undefined
  const body = text.replace(/^\/\*\*|\*\/$/g, "").replace(/^\s*\* ?/gm, "")
  const description = body.split(/^\s*@/m)[0].trim()
  // As docgen's parser (doctrine) reads them: a tag starts a line; `/** text @since 1 */` on one line has none.
  const tags = new Set([...body.matchAll(/^\s*@(\w+)/gm)].map((match) => match[1]))
  return { description, tags }
}

const lastDocComment = (sourceFile, pos) => {
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, pos) ?? []
  const docs = ranges.map((r) => sourceFile.text.slice(r.pos, r.end)).filter((text) => text.startsWith("/**"))
  return docs.at(-1)
}

const missingOf = (doc, reexport) => {
  const missing = []
  if (!reexport && (doc === undefined || doc.description === "")) missing.push("description")
  if (!doc?.tags.has("since")) missing.push("@since")
  if (!reexport && !doc?.tags.has("category")) missing.push("@category")
  return missing
}

/** [name, missing tags] for each public name a statement exports. */
const exportsOf = (statement, sourceFile) => {
  const index = sourceFile.fileName.endsWith("index.ts")
  const clause = ts.isExportDeclaration(statement) ? statement.exportClause : undefined
  if (clause !== undefined && ts.isNamedExports(clause)) {
    // `export { /** doc */ A, … }`: each name carries its own comment (docgen reads it there), or the statement's.
    const shared = parseDoc(lastDocComment(sourceFile, statement.pos))
    return clause.elements.map((element) => [
      element.name.text,
      missingOf(parseDoc(lastDocComment(sourceFile, element.pos)) ?? shared, false)
    ])
  }
  const doc = parseDoc(lastDocComment(sourceFile, statement.pos))
  return [[nameOf(statement), missingOf(doc, index && ts.isExportDeclaration(statement))]]
}

let total = 0
for (const { dir } of libraryPackages()) {
  for (const file of sourceFiles(path.join(dir, "src"))) {
    const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
    let count = 0
    for (const statement of sourceFile.statements) {
      if (!isExported(statement)) continue
      const { line } = sourceFile.getLineAndCharacterOfPosition(statement.getStart())
      for (const [name, missing] of exportsOf(statement, sourceFile)) {
        if (missing.length === 0) continue
        console.log(`${path.relative(root, file)}:${line + 1} ${name}: missing ${missing.join(", ")}`)
        count++
      }
    }
    if (count > 0) console.log(`  ${path.relative(root, file)}: ${count} export(s) to document`)
    total += count
  }
}
console.log(`[doc-tags] ${total} export(s) lack a description, @since or @category`)
if (process.argv.includes("--check") && total > 0) process.exit(1)
