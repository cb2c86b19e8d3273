package dev.scalingsuite.config;

/** What the suite runs against. */
public enum Target {
    /** The suite starts the twin in-process. */
    LOCAL,
    /** A deployed stack, or a standalone twin named by an endpoints file, reached as AWS. */
    AWS
}
