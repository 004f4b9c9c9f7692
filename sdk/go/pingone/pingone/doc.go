// The PingOne Management API resources a StackOne integration needs: an OIDC Worker application, its client secret, its resource grants and a user's admin role.
package pingone
