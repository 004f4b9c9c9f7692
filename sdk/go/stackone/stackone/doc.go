// The StackOne Worker app of PingOne's console guide as one component (stackone:pingone:WorkerApp), for every Pulumi language. Generated from components/stackoneWorkerApp.ts by stackone/schemaGen.ts: do not edit by hand.
package stackone
