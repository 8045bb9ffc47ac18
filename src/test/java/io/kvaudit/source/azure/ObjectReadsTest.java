package io.kvaudit.source.azure;

import io.kvaudit.config.JsonPathNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectReadsTest {

    private static Optional<JsonPathNode> body(String name) {
        return Optional.of(JsonPathNode.root(JsonNodeFactory.instance.objectNode().put("name", name), name));
    }

    @Test
    void aLargeVaultUsesAtMostItsShareOfThePoolAndAnotherVaultIsNotQueuedBehindIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>(), most = new ConcurrentHashMap<>();
        try (ObjectReads reads = new ObjectReads(4, 2)) {
            for (int i = 0; i < 100; i++) {
                String name = "big-" + i;
                reads.start("big", name, CompletableFuture.completedFuture(null), () -> {
                    int now = running.computeIfAbsent("big", k -> new AtomicInteger()).incrementAndGet();
                    most.computeIfAbsent("big", k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.get("big").decrementAndGet();
                    return body(name);
                });
            }
            reads.start("small", "one", CompletableFuture.completedFuture(null), () -> body("one"));
            // the big vault's reads are all blocked, yet the small vault's read is answered
            assertThat(reads.take("small", "one")).hasValueSatisfying(b -> assertThat(b).isPresent());
            // the big vault's second drainer may still be on its way to a pool thread: wait for it (bounded), then
            // check that no third one ever ran
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (most.getOrDefault("big", new AtomicInteger()).get() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(50);
            assertThat(most.get("big").get()).isEqualTo(2);
            release.countDown();
            for (int i = 0; i < 100; i++)
                assertThat(reads.take("big", "big-" + i).orElseThrow().orElseThrow().raw().path("name").asText()).isEqualTo("big-" + i);
            assertThat(most.get("big").get()).isEqualTo(2);
            assertThat(reads.take("big", "never-started")).isEmpty();
        }
    }

    @Test
    void readsStartedAfterTheOpeningReadWaitInTheQueueNotOnAThread() throws Exception {
        CompletableFuture<Void> open = new CompletableFuture<>();
        AtomicInteger ran = new AtomicInteger();
        try (ObjectReads reads = new ObjectReads(1, 16)) {
            for (int i = 0; i < 5; i++) reads.start("v", "k" + i, open, () -> { ran.incrementAndGet(); return body("k"); });
            // the pool's only thread is free for another vault while these wait for the opening read
            reads.start("w", "x", CompletableFuture.completedFuture(null), () -> body("x"));
            assertThat(reads.take("w", "x")).isPresent();
            assertThat(ran.get()).isZero();
            open.complete(null);
            for (int i = 0; i < 5; i++) assertThat(reads.take("v", "k" + i)).isPresent();
            assertThat(ran.get()).isEqualTo(5);
        }
    }
}
