// Reads a JSON list of paths on stdin; analyses them together in one Dolos instance (as its CLI
// does for a folder, defaults: k-grams of 23 AST tokens, windows of 17) and prints
// {"seconds": wall time of the analysis, "pairs": [{left, right, similarity}]}.
import { Dolos } from "@dodona/dolos-lib";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const paths = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const language = process.argv[2] || "java";
const started = process.hrtime.bigint();
const report = await new Dolos({ language }).analyzePaths(paths);
const pairs = report.allPairs().map((p) => ({
  left: p.leftFile.path, right: p.rightFile.path, similarity: p.similarity,
}));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ seconds, pairs }));
