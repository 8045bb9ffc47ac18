package io.kvaudit.source.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the raw body of each final response (after retries and Key Vault's challenge) of a call that asks for it,
 * so kvaudit maps exactly what Azure sent, through the same mapper a snapshot goes through, and an export stores it
 * as it came. The SDK clients still parse the response and follow {@code nextLink}: capture only listens.
 */
public final class ResponseCapture implements HttpPipelinePolicy {

    private static final String KEY = "kvaudit.capture";

    /** The responses of one logical read (one per page), in order. */
    public static final class Pages {
        public record Page(String method, String url, int status, byte[] body) {}

        private final List<Page> pages = new ArrayList<>();

        synchronized void add(Page p) { pages.add(p); }

        public synchronized List<Page> all() { return List.copyOf(pages); }

        public synchronized Page last() { return pages.isEmpty() ? null : pages.get(pages.size() - 1); }

        /** A context that tells this policy to capture into these pages. */
        public Context context() { return new Context(KEY, this); }
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Pages pages = (Pages) context.getData(KEY).orElse(null);
        if (pages == null) return next.process();
        return next.process().flatMap(response -> {
            HttpResponse buffered = response.buffer();
            return buffered.getBodyAsByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
                pages.add(page(buffered, bytes));
                return buffered;
            });
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Pages pages = (Pages) context.getData(KEY).orElse(null);
        HttpResponse response = next.processSync();
        if (pages == null) return response;
        HttpResponse buffered = response.buffer();
        var data = buffered.getBodyAsBinaryData();
        pages.add(page(buffered, data == null ? new byte[0] : data.toBytes()));
        return buffered;
    }

    private static Pages.Page page(HttpResponse r, byte[] body) {
        return new Pages.Page(r.getRequest().getHttpMethod().name(), r.getRequest().getUrl().toString(), r.getStatusCode(), body);
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() { return HttpPipelinePosition.PER_CALL; }
}
