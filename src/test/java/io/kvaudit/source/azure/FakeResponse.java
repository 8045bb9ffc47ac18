package io.kvaudit.source.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A complete in-memory HTTP response, as the fake Azure answers. */
final class FakeResponse extends HttpResponse {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    FakeResponse(HttpRequest request, int status, HttpHeaders headers, byte[] body) {
        super(request);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public int getStatusCode() { return status; }

    @Override
    @Deprecated
    public String getHeaderValue(String name) { return headers.getValue(name); }

    @Override
    public HttpHeaders getHeaders() { return headers; }

    @Override
    public Flux<ByteBuffer> getBody() { return Flux.just(ByteBuffer.wrap(body)); }

    @Override
    public Mono<byte[]> getBodyAsByteArray() { return Mono.just(body); }

    @Override
    public Mono<String> getBodyAsString() { return Mono.just(new String(body, StandardCharsets.UTF_8)); }

    @Override
    public Mono<String> getBodyAsString(Charset charset) { return Mono.just(new String(body, charset)); }

    @Override
    public BinaryData getBodyAsBinaryData() { return BinaryData.fromBytes(body); }
}
