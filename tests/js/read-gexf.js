// Read a GEXF file with graphology-gexf (Gephi's sister library in JavaScript) and print what a
// reader of our files would see, as JSON: node and edge counts, and the attributes of one node
// and one edge given by id (tests/test_network_exchange.py runs this with node).
"use strict";
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const [file, nodeId, source, target] = process.argv.slice(2);
const graph = gexf.parse(Graph, fs.readFileSync(file, "utf-8"));
const out = { order: graph.order, size: graph.size, node: null, edge: null };
if (nodeId && graph.hasNode(nodeId)) out.node = graph.getNodeAttributes(nodeId);
if (source && target) {
  const edge = graph.edge(source, target) || graph.edge(target, source);
  if (edge) out.edge = graph.getEdgeAttributes(edge);
}
process.stdout.write(JSON.stringify(out));
