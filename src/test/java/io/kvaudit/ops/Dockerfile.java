package io.kvaudit.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's top-level Dockerfile, read instruction by instruction (no Docker needed). */
record Dockerfile(List<Instruction> instructions) {

    static final Path FILE = Path.of("Dockerfile");

    /** One instruction: its keyword, upper-cased, and the rest of its (joined) lines. */
    record Instruction(String keyword, String args) {}

    static Dockerfile read() {
        List<Instruction> list = new ArrayList<>();
        String text = ExampleYaml.read(FILE).replaceAll("\\\\\\r?\\n", " ");
        for (String line : text.split("\\r?\\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+", 2);
            list.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
        }
        return new Dockerfile(List.copyOf(list));
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword.equals(keyword)).map(Instruction::args).toList();
    }

    /** The instructions of the stage that becomes the image: from the last FROM on. */
    List<Instruction> finalStage() {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) if (instructions.get(i).keyword.equals("FROM")) from = i;
        return instructions.subList(from, instructions.size());
    }

    /** The last value of an instruction in the final stage, or null. */
    String last(String keyword) {
        String v = null;
        for (Instruction i : finalStage()) if (i.keyword.equals(keyword)) v = i.args;
        return v;
    }

    /** The final ENTRYPOINT's words; it must be the exec (JSON array) form, so no shell stands in between. */
    List<String> entrypoint() {
        String e = last("ENTRYPOINT");
        assertThat(e).as("an ENTRYPOINT in exec form").isNotNull().startsWith("[");
        try {
            return Arrays.asList(new ObjectMapper().readValue(e, String[].class));
        } catch (JsonProcessingException x) {
            throw new AssertionError("ENTRYPOINT is not a JSON array: " + e, x);
        }
    }

    /** The uid of the final USER ("10001" of "10001:10001"). */
    String uid() {
        String user = last("USER");
        assertThat(user).as("the image names a USER").isNotNull();
        return user.split(":")[0];
    }

    /** The working directory the image runs in: relative --out paths (and the default ./kvaudit-out) land there. */
    String workdir() {
        String w = last("WORKDIR");
        assertThat(w).as("the image names a WORKDIR").isNotNull();
        return w;
    }
}
