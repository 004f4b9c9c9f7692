// Command stackone-pingone-go is the Pulumi Go program of this example: `pulumi up` in this directory runs it.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/stackone/stackone-pingone/examples/go/stackoneexample"
)

func main() {
	pulumi.Run(stackoneexample.Program)
}
