package io.kvaudit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompileQueueTest {

    @Test
    void aListingWithACompileInProgressOrQueuedIsNotIdle() {
        assertFalse(CompileQueue.idle("""
                20365:
                Current compiles:\s
                C2 CompilerThread0  3477       4       com.fasterxml.jackson.core.json.UTF8StreamJsonParser::_parseName (312 bytes)

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """));
        assertFalse(CompileQueue.idle("""
                Current compiles:\s

                C1 compile queue:
                3718       2       io.kvaudit.source.AzureResponseMapper::objectName (186 bytes)

                C2 compile queue:
                Empty
                """));
    }

    @Test
    void aListingWithNothingCompilingIsIdle() {
        assertTrue(CompileQueue.idle("""
                Current compiles:\s

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """));
    }

    @Test
    void thisJvmsQueueIsReadAndEmpties() throws Exception {
        String listing = CompileQueue.listing();
        assertTrue(listing.contains("compile queue"), listing);
        assertTrue(CompileQueue.awaitIdle(Duration.ofSeconds(60)), "the compile queue never emptied");
    }
}
