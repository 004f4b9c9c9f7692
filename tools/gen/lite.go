package main

// nodejsLite is the post-generation step of the Node.js SDK (filled in with the SDK's start-up work).
func nodejsLite(files map[string][]byte) (map[string][]byte, error) {
	return files, nil
}
