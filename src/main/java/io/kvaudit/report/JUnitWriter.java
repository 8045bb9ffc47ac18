package io.kvaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.model.Result;
import io.kvaudit.model.Status;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * JUnit XML for CI test dashboards: a test suite per rule, a test case per evaluated resource (passes included), FAIL
 * as a failure, ERROR and MUTED as skipped with the reason. Streamed from the run store.
 */
public final class JUnitWriter {

    public static final String FILE = "junit.xml";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JUnitWriter() {}

    public static Path write(Path outDir, RunRecord run, RunStore store) {
        Path file = outDir.resolve(FILE);
        Map<String, JsonNode> tallies = new HashMap<>();
        long tests = 0, failures = 0, skipped = 0;
        try {
            for (JsonNode t : MAPPER.readTree(run.rulesJson())) {
                tallies.put(t.path("id").asText(), t);
                tests += t.path("evaluated").asLong();
                failures += t.path("failed").asLong();
                skipped += t.path("muted").asLong() + t.path("errors").asLong();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // every attribute and text passes through VisibleText: tenant data may hold characters XML 1.0 forbids
        try (Writer out = VisibleText.writer(new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8))) {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "kvaudit " + run.runId());
            x.writeAttribute("tests", String.valueOf(tests));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", String.valueOf(skipped));
            String[] open = {null};
            store.streamResults(run.runId(), true, r -> { // grouped by rule, passes included
                try {
                    if (!r.ruleId().equals(open[0])) {
                        if (open[0] != null) x.writeEndElement();
                        open[0] = r.ruleId();
                        JsonNode t = tallies.get(r.ruleId());
                        x.writeCharacters("\n  ");
                        x.writeStartElement("testsuite");
                        x.writeAttribute("name", r.ruleId());
                        x.writeAttribute("tests", t == null ? "0" : t.path("evaluated").asText());
                        x.writeAttribute("failures", t == null ? "0" : t.path("failed").asText());
                        x.writeAttribute("errors", "0");
                        x.writeAttribute("skipped", t == null ? "0" : String.valueOf(t.path("muted").asLong() + t.path("errors").asLong()));
                        x.writeAttribute("timestamp", String.valueOf(run.startedAt()));
                    }
                    testCase(x, r);
                } catch (XMLStreamException e) {
                    throw new IllegalStateException(e);
                }
            });
            if (open[0] != null) x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write " + FILE + ": " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static void testCase(XMLStreamWriter x, Result r) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", r.ruleId());
        x.writeAttribute("name", r.resourceId());
        if (r.status() == Status.FAIL) {
            x.writeStartElement("failure");
            x.writeAttribute("type", r.severity().label());
            x.writeAttribute("message", r.message() == null ? "" : r.message());
            x.writeCharacters(r.evidence().isEmpty() ? "" : r.evidence().toString());
            x.writeEndElement();
        } else if (r.status() == Status.ERROR) {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", r.message() == null ? "not assessed" : r.message());
        } else if (r.status() == Status.MUTED) {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", "MUTED by exception: " + (r.exception() == null ? "" : r.exception().reason()
                    + " (owner " + r.exception().owner() + ", expires " + r.exception().expires() + ")"));
        }
        x.writeEndElement();
    }
}
