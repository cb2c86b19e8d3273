package dev.scalingsuite.twin.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingsuite.twin.model.StackModel;
import dev.scalingsuite.twin.stack.ApiNames;
import dev.scalingsuite.twin.stack.TwinSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The injected faults on the wire, one raw request per protocol: the status, error code and body shape
 * each protocol's SDK parses. The endpoint runs alone over a model, without the rest of the twin; the
 * SDK's view of the same answers is in {@code ApiFaultsTest}.
 */
class ApiFaultWireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void throttlingInAwsJsonIsThrottlingException() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("apiThrottleRate", "1.0"))) {
            HttpResponse<byte[]> answer = ecsJson(endpoint);

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
            assertThat(answer.headers().firstValue("x-amzn-query-error")).isEmpty();
            assertThat(text(answer)).isEqualTo("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        }
    }

    @Test
    void throttlingInAwsQueryIsThrottling() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("apiThrottleRate", "1.0"))) {
            for (String form : new String[] {"Action=DescribeTargetGroups&Version=2015-12-01",
                    "Action=GetCallerIdentity&Version=2011-06-15", "Action=GetMetricData&Version=2010-08-01"}) {
                HttpResponse<byte[]> answer = query(endpoint, form);

                assertThat(answer.statusCode()).as(form).isEqualTo(400);
                assertThat(text(answer)).as(form).startsWith("<?xml").contains("<ErrorResponse><Error>"
                        + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>");
            }
        }
    }

    /**
     * CloudWatch is query-compatible: the CBOR and awsJson 1.0 answers name the shape in {@code __type} and
     * carry the awsQuery code in {@code x-amzn-query-error}, which is the error code the SDK reports.
     */
    @Test
    void throttlingInCborIsThrottlingExceptionWithTheQueryCodeThrottling() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("apiThrottleRate", "1.0"))) {
            HttpResponse<byte[]> answer = cloudWatchCbor(endpoint);

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.headers().firstValue("smithy-protocol")).hasValue("rpc-v2-cbor");
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/cbor");
            assertThat(answer.headers().firstValue("x-amzn-query-error")).hasValue("Throttling;Sender");
            assertThat(cbor(answer)).isEqualTo(Wire.object().put("__type", "ThrottlingException")
                    .put("message", "Rate exceeded"));

            HttpResponse<byte[]> json10 = cloudWatchJson(endpoint);
            assertThat(json10.statusCode()).isEqualTo(400);
            assertThat(json10.headers().firstValue("x-amzn-query-error")).hasValue("Throttling;Sender");
            assertThat(Wire.JSON.readTree(json10.body()).get("__type").asText()).isEqualTo("ThrottlingException");
        }
    }

    @Test
    void a5xxIsInternalFailureInEveryProtocol() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("api5xxRate", "1.0"))) {
            HttpResponse<byte[]> json = ecsJson(endpoint);
            HttpResponse<byte[]> xml = query(endpoint, "Action=DescribeTargetGroups&Version=2015-12-01");
            HttpResponse<byte[]> cbor = cloudWatchCbor(endpoint);

            assertThat(json.statusCode()).isEqualTo(500);
            assertThat(Wire.JSON.readTree(json.body()).get("__type").asText()).isEqualTo("InternalFailure");
            assertThat(xml.statusCode()).isEqualTo(500);
            assertThat(text(xml)).contains("<Type>Receiver</Type><Code>InternalFailure</Code>");
            assertThat(cbor.statusCode()).isEqualTo(500);
            assertThat(cbor(cbor).get("__type").asText()).isEqualTo("InternalFailure");
            assertThat(cbor.headers().firstValue("x-amzn-query-error")).isEmpty();
        }
    }

    @Test
    void aServiceDownAnswers503ServiceUnavailableInEveryProtocolAndTheOthersWork() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("apiDown", "ecs,elasticloadbalancing,cloudwatch"))) {
            HttpResponse<byte[]> json = ecsJson(endpoint);
            HttpResponse<byte[]> xml = query(endpoint, "Action=DescribeTargetGroups&Version=2015-12-01");
            HttpResponse<byte[]> cbor = cloudWatchCbor(endpoint);

            assertThat(json.statusCode()).isEqualTo(503);
            assertThat(Wire.JSON.readTree(json.body()).get("__type").asText()).isEqualTo("ServiceUnavailable");
            assertThat(xml.statusCode()).isEqualTo(503);
            assertThat(text(xml)).contains("<Type>Receiver</Type><Code>ServiceUnavailable</Code>");
            assertThat(cbor.statusCode()).isEqualTo(503);
            assertThat(cbor(cbor).get("__type").asText()).isEqualTo("ServiceUnavailable");
            assertThat(cbor(cbor).get("message").asText()).contains("cloudwatch is down (twin setting apiDown)");
            assertThat(query(endpoint, "Action=GetCallerIdentity&Version=2011-06-15").statusCode()).isEqualTo(200);
            assertThat(endpoint.faultCounts().injected(ApiFault.SERVICE_UNAVAILABLE)).isEqualTo(3);
            assertThat(endpoint.faultCounts().requests("sts")).isEqualTo(1);
        }
    }

    @Test
    void aRequestNoServiceTakesIsAnsweredAsBeforeAndNotCounted() throws Exception {
        try (AwsEndpoint endpoint = endpoint(Map.of("apiThrottleRate", "1.0"))) {
            HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(endpoint.uri())
                    .header("X-Amz-Target", "NoSuchService.DoIt").header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(text(answer)).contains("UnknownOperationException");
            assertThat(endpoint.faultCounts().summary()).isEqualTo("no requests");
        }
    }

    @Test
    void theServicesAnswerToTheNamesTheSettingsAllow() {
        StackModel stack = new StackModel(TwinSettings.defaults(), Clock.systemUTC());

        assertThat(TwinApis.all(stack)).extracting(ApiService::name).containsExactlyElementsOf(ApiNames.ALL);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static AwsEndpoint endpoint(Map<String, String> settings) throws Exception {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put("twin." + key, value));
        TwinSettings twinSettings = TwinSettings.of(properties, "twin.");
        StackModel stack = new StackModel(twinSettings, Clock.systemUTC());
        return new AwsEndpoint(0, TwinApis.all(stack), stack, ApiFaultInjector.of(twinSettings, twinSettings.seed().orElse(0)));
    }

    private static HttpResponse<byte[]> ecsJson(AwsEndpoint endpoint) throws Exception {
        return json(endpoint, "AmazonEC2ContainerServiceV20141113.DescribeServices", "application/x-amz-json-1.1");
    }

    private static HttpResponse<byte[]> cloudWatchJson(AwsEndpoint endpoint) throws Exception {
        return json(endpoint, "GraniteServiceVersion20100801.GetMetricData", "application/x-amz-json-1.0");
    }

    private static HttpResponse<byte[]> json(AwsEndpoint endpoint, String target, String contentType)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint.uri()).header("X-Amz-Target", target)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> query(AwsEndpoint endpoint, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint.uri())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> cloudWatchCbor(AwsEndpoint endpoint) throws Exception {
        URI uri = endpoint.uri().resolve("/service/GraniteServiceVersion20100801/operation/GetMetricData");
        return HTTP.send(HttpRequest.newBuilder(uri).header("smithy-protocol", "rpc-v2-cbor")
                .header("Content-Type", "application/cbor").header("Accept", "application/cbor")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.CBOR.writeValueAsBytes(Wire.object()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode cbor(HttpResponse<byte[]> answer) throws Exception {
        return Wire.CBOR.readTree(answer.body());
    }
}
