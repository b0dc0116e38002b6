package dev.replicator.bench;

/** How the bench counts S3 requests. PUT includes multipart parts and copies; POST is multipart create/complete and multi-object delete. */
public enum RequestClass {
    PUT, GET, LIST, DELETE, HEAD, POST, OTHER
}
