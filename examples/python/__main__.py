"""The Pulumi Python program of this example: `pulumi up` in this directory runs it."""

from stackone_example import program

program()
