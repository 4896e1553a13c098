"""A lambda given to compile() had no location ("cannot find the definition")."""

TARGET = lambda a: a  # E: lambda | a lambda cannot be compiled  # noqa: E731
