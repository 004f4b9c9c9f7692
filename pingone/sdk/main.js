// The package's JavaScript entry: the SDK as the project's build compiled it (dist/, made by `npm ci` and by
// bin/program.js). Resolved from this file's own location, wherever the package is linked from.
"use strict";
module.exports = require("../../dist/pingone/sdk/index.js");
