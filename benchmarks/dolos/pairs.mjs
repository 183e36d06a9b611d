// Reads [{left, right}, ...] as JSON on stdin; analyses each pair on its own with Dolos's
// default options (as its CLI does: k-grams of 23 AST tokens, windows of 17) and prints
// {"seconds": wall time of all pairs, "pairs": [{similarity, leftCovered, rightCovered}]}.
import { Dolos } from "@dodona/dolos-lib";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const pairs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const language = process.argv[2] || "java";
const out = [];
const started = process.hrtime.bigint();
for (const { left, right } of pairs) {
  // a fresh instance per pair: one instance keeps its index between analyses
  const report = await new Dolos({ language }).analyzePaths([left, right]);
  const pair = report.allPairs()[0];
  out.push(pair
    ? { similarity: pair.similarity, leftCovered: pair.leftCovered, rightCovered: pair.rightCovered }
    : { similarity: 0, leftCovered: 0, rightCovered: 0 });
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(JSON.stringify({ seconds, pairs: out }));
