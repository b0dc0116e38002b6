package dev.replicator.replica.abs;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** One page of a List Blobs answer: blobs with size and time, the prefixes a delimiter folded, the next marker. */
record BlobListing(List<Blob> blobs, List<String> prefixes, String nextMarker) {

    record Blob(String name, long size, Instant lastModified) {
    }

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    static BlobListing parse(InputStream in) throws IOException {
        List<Blob> blobs = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextMarker = "";
        try (in) {
            XMLStreamReader x = XML.createXMLStreamReader(in);
            String name = null;
            long size = 0;
            Instant modified = Instant.EPOCH;
            boolean inPrefix = false;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    switch (x.getLocalName()) {
                        case "Blob" -> {
                            name = null;
                            size = 0;
                            modified = Instant.EPOCH;
                        }
                        case "BlobPrefix" -> inPrefix = true;
                        case "Name" -> {
                            String text = x.getElementText();
                            if (inPrefix) {
                                prefixes.add(text);
                            } else {
                                name = text;
                            }
                        }
                        case "Content-Length" -> size = Long.parseLong(x.getElementText().strip());
                        case "Last-Modified" -> modified = ZonedDateTime.parse(x.getElementText().strip(),
                                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                        case "NextMarker" -> nextMarker = x.getElementText();
                        default -> {
                        }
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    if (x.getLocalName().equals("Blob") && name != null) {
                        blobs.add(new Blob(name, size, modified));
                    } else if (x.getLocalName().equals("BlobPrefix")) {
                        inPrefix = false;
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new IOException("unreadable List Blobs answer: " + e.getMessage(), e);
        }
        return new BlobListing(blobs, prefixes, nextMarker);
    }
}
