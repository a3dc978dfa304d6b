// Node-RED settings of the benchmark's peer (./vigil bench, phase 6): loopback only, no editor, no credentials file,
// the flow in bench/node-red/flow.json; broker and database ports come from BENCH_* environment variables.
module.exports = {
  uiHost: "127.0.0.1",
  uiPort: process.env.BENCH_NODE_RED_PORT || 18873,
  disableEditor: true,
  httpAdminRoot: false,
  flowFilePretty: true,
  credentialSecret: false,
  logging: { console: { level: "info", metrics: false, audit: false } },
  editorTheme: { projects: { enabled: false } },
  functionGlobalContext: {},
  exportGlobalContextKeys: false,
};
