package io.kvaudit.source.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.QueryTimeInterval;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The one class that knows the Log Analytics client library: {@code azure-monitor-query} 1.5's
 * {@link LogsQueryClient} (its successor, {@code azure-monitor-query-logs}, is not served by this workplace's Maven
 * mirror; swapping it in changes this file only). The client builds and sends each single query (never the batch API,
 * which is being retired), over the live source's pipeline: the same transport, credential (token audience
 * {@code <logs endpoint>/.default}), retry policy (429 and 5xx retried, honouring {@code Retry-After}) and call
 * statistics as every other read.
 *
 * <p>kvaudit reads the answer's rows itself, streaming, with the reader a snapshot's {@code logs/} goes through: the
 * answer's raw bytes are set aside by {@link #rowsAside()} and the client is handed the answer without its rows, so
 * it does not build a second, object-per-cell copy of up to 500,000 rows.
 */
final class LogAnalyticsQueries {

    private static final String KEY = "kvaudit.logs.answer";
    private static final byte[] NO_ROWS = "{\"tables\":[]}".getBytes(StandardCharsets.UTF_8);
    /** Log Analytics stops a query at 10 minutes whatever it is asked. */
    static final Duration MAX_SERVER_TIMEOUT = Duration.ofMinutes(10);

    /** How one query ended: Azure's answer (status and raw body), or why there was none. */
    record Answer(int status, byte[] body, String failure, boolean timedOut) {
        boolean answered() { return body != null && status > 0; }
    }

    private final LogsQueryClient client;
    private final Duration serverTimeout;

    LogAnalyticsQueries(HttpPipeline pipeline, String logsEndpoint, Duration serverTimeout) {
        this.client = new LogsQueryClientBuilder().pipeline(pipeline).endpoint(logsEndpoint + "/v1").buildClient();
        this.serverTimeout = serverTimeout.compareTo(MAX_SERVER_TIMEOUT) > 0 ? MAX_SERVER_TIMEOUT : serverTimeout;
    }

    /** Runs {@code query} on the workspace with this customerId over [from, to). Never throws for Azure's answers. */
    Answer query(String customerId, String query, Instant from, Instant to) {
        Holder holder = new Holder();
        // the response may take as long as the server is allowed to run, and a little more to arrive
        Context context = new Context(KEY, holder).addData("azure-response-timeout", serverTimeout.plusSeconds(30));
        LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(serverTimeout).setAllowPartialErrors(true);
        QueryTimeInterval interval = new QueryTimeInterval(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        try {
            client.queryWorkspaceWithResponse(customerId, query, interval, options, context);
            return holder.answer();
        } catch (HttpResponseException e) {
            Answer a = holder.answer();
            return a != null ? a : new Answer(e.getResponse() == null ? 0 : e.getResponse().getStatusCode(), null,
                    Failures.firstLine(e.getMessage()), false);
        } catch (RuntimeException e) {
            Answer a = holder.answer();
            if (a != null) return a;
            boolean timeout = Failures.isTimeout(e);
            return new Answer(0, null, timeout ? "no answer within " + serverTimeout.plusSeconds(30).toSeconds() + " s"
                    : Failures.firstLine(Failures.rootMessage(e)), timeout);
        }
    }

    /** Where {@link #rowsAside()} puts the final answer of one query. */
    private static final class Holder {
        private volatile Answer answer;

        Answer answer() { return answer; }
    }

    /**
     * Keeps the final answer (after retries) of each query aside and hands the client the same answer without its
     * rows: the status and headers as they came, an error body as it came, a 2xx body as {@code {"tables":[]}} (a
     * partial error is judged by kvaudit from the raw body, not by the client).
     */
    static HttpPipelinePolicy rowsAside() {
        return new HttpPipelinePolicy() {
            @Override
            public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
                Holder holder = (Holder) context.getData(KEY).orElse(null);
                if (holder == null) return next.process();
                return next.process().flatMap(r -> r.getBodyAsByteArray().defaultIfEmpty(new byte[0])
                        .map(body -> aside(holder, r, body)));
            }

            @Override
            public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
                Holder holder = (Holder) context.getData(KEY).orElse(null);
                HttpResponse r = next.processSync();
                if (holder == null) return r;
                BinaryData data = r.getBodyAsBinaryData();
                return aside(holder, r, data == null ? new byte[0] : data.toBytes());
            }

            @Override
            public HttpPipelinePosition getPipelinePosition() { return HttpPipelinePosition.PER_CALL; }
        };
    }

    private static HttpResponse aside(Holder holder, HttpResponse response, byte[] body) {
        int status = response.getStatusCode();
        holder.answer = new Answer(status, body, null, false);
        HttpResponse handed = new Handed(response.getRequest(), status, response.getHeaders(), status < 300 ? NO_ROWS : body);
        response.close();
        return handed;
    }

    /** The answer as the client sees it. */
    private static final class Handed extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;
        private final byte[] body;

        Handed(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
            super(request);
            this.status = status;
            this.headers = new HttpHeaders(headers).set(HttpHeaderName.CONTENT_LENGTH, String.valueOf(body.length));
            this.body = body;
        }

        @Override public int getStatusCode() { return status; }
        @Override @Deprecated public String getHeaderValue(String name) { return headers.getValue(name); }
        @Override public String getHeaderValue(HttpHeaderName name) { return headers.getValue(name); }
        @Override public HttpHeaders getHeaders() { return headers; }
        @Override public Flux<ByteBuffer> getBody() { return Flux.just(ByteBuffer.wrap(body)); }
        @Override public Mono<byte[]> getBodyAsByteArray() { return Mono.just(body); }
        @Override public Mono<String> getBodyAsString() { return Mono.just(new String(body, StandardCharsets.UTF_8)); }
        @Override public Mono<String> getBodyAsString(Charset charset) { return Mono.just(new String(body, charset)); }
        @Override public BinaryData getBodyAsBinaryData() { return BinaryData.fromBytes(body); }
    }

}
