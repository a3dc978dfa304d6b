// Node-RED settings of the benchmark's peer (./vigil bench, phase 6): loopback only, no editor, the flow of
// bench/node-red/flow.json run from a copy in the bench's state folder beside its credentials file (the InfluxDB
// user vigil-bench; written by the bench, mode 600, unencrypted); ports come from BENCH_* environment variables.
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
