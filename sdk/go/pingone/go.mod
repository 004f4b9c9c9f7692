module github.com/stackone/stackone-pingone/sdk/go/pingone

go 1.25

require github.com/pulumi/pulumi/sdk/v3 v3.30.0
