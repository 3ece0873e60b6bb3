package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.roundhouse.config.Config;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * docker-compose.yaml cannot be run here (no Docker engine): it is checked instead. Compose itself
 * validates the file ({@code docker-compose config -q}; `make test` installs the CLI through
 * stack/prerequisites.sh), and every ClickHouse/Keeper XML file it mounts must be well-formed and agree
 * with the services: cluster name = roundhouse's CLICKHOUSE_CLUSTER, shards = the ClickHouse services
 * on port 9000 in CLICKHOUSE_SHARD_URLS order, each server's shard macro = its place, a one-server keeper
 * quorum that names the keeper service.
 */
class ComposeConfigTest {
    private static final Path COMPOSE = Path.of("docker-compose.yaml");
    private static final List<String> CLICKHOUSE = List.of("rivertech-clickhouse-01", "rivertech-clickhouse-02");
    private static final String KEEPER = "rivertech-clickhouse-keeper";

    private static JsonNode services;
    private static Map<String, String> roundhouseEnv;

    @BeforeAll
    static void read() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        roundhouseEnv = new HashMap<>();
        services.get("roundhouse").get("environment").properties().forEach(e -> roundhouseEnv.put(e.getKey(), e.getValue().asText()));
    }

    @Test
    void composeAcceptsTheFile() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q").redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("docker-compose is not installed: run stack/prerequisites.sh (apt-get install -y docker-compose); `make test` does this itself");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish");
        assertEquals(0, p.exitValue(), "docker-compose config -q rejected " + COMPOSE + ":\n" + out);
    }

    @Test
    void taskServiceNamesAndPortsAreKept() {
        for (String name : List.of("rivertech-zookeeper", "rivertech-kafka-broker", "rivertech-schema-registry", "rivertech-akhq",
                KEEPER, CLICKHOUSE.get(0), CLICKHOUSE.get(1), "roundhouse")) {
            assertTrue(services.has(name), "service " + name);
        }
        assertTrue(ports("rivertech-akhq").contains("8080:8080"));
        assertTrue(ports("rivertech-schema-registry").contains("8085:8085"));
        assertEquals(List.of("8000:8000"), ports("roundhouse"), "roundhouse must not take AKHQ's 8080");
        assertTrue(services.get("rivertech-kafka-broker").get("image").asText().startsWith("confluentinc/cp-kafka:7.5"));
        // The current LTS no newer than the 26.7 engine the tests run on (make test); 26.8 would be untested.
        for (String ch : CLICKHOUSE) assertEquals("clickhouse/clickhouse-server:26.3", services.get(ch).get("image").asText());
        assertEquals("clickhouse/clickhouse-keeper:26.3", services.get(KEEPER).get("image").asText());
    }

    @Test
    void roundhouseRunsAsTwoReplicasWithTheirOwnInstanceIds() {
        var second = services.get("roundhouse-2");
        assertEquals(List.of("8001:8000"), ports("roundhouse-2"));
        assertEquals("roundhouse-1", Config.from(roundhouseEnv).instanceId());
        // roundhouse-2 merges roundhouse's service and environment (YAML merge keys, which docker-compose resolves)
        assertEquals("roundhouse-2", second.get("environment").get("ROUNDHOUSE_INSTANCE_ID").asText());
        assertTrue(second.has("<<") && second.get("environment").has("<<"), "the replica shares roundhouse's settings");
    }

    @Test
    void roundhouseEnvironmentIsAValidClusterConfig() {
        var config = Config.from(roundhouseEnv);
        assertEquals("roundhouse", config.clickhouseCluster());
        assertEquals(CLICKHOUSE.stream().map(h -> URI.create("http://" + h + ":8123")).toList(), config.clickhouseShardUrls());
        assertEquals(URI.create("http://rivertech-schema-registry:8085"), config.schemaRegistryUrl(), "Confluent's API is at the root");
        assertEquals("rivertech-kafka-broker:29092", config.kafkaBootstrapServers());
        assertEquals(0, config.topicPartitions() % CLICKHOUSE.size(), "partitions a multiple of the shard count");
        String advertised = services.get("rivertech-kafka-broker").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText();
        assertTrue(advertised.contains("//" + config.kafkaBootstrapServers()), advertised);
    }

    @Test
    void clickHouseFilesNameTheClusterShardsAndKeeper() throws Exception {
        String cluster = roundhouseEnv.get("CLICKHOUSE_CLUSTER");
        for (int i = 0; i < CLICKHOUSE.size(); i++) {
            Map<String, Document> mounted = mountedXml(CLICKHOUSE.get(i));
            assertEquals(2, mounted.size(), "cluster.xml and macros.xml on " + CLICKHOUSE.get(i));
            for (Document d : mounted.values()) assertEquals("clickhouse", d.getDocumentElement().getTagName());

            Element clusters = only(mounted.get("/etc/clickhouse-server/config.d/cluster.xml").getDocumentElement(), "remote_servers");
            Element ours = only(clusters, cluster);
            var shards = children(ours, "shard");
            assertEquals(CLICKHOUSE.size(), shards.size());
            for (int s = 0; s < shards.size(); s++) {
                Element replica = only(shards.get(s), "replica");
                assertEquals(CLICKHOUSE.get(s), text(replica, "host"), "shard " + (s + 1) + " is in CLICKHOUSE_SHARD_URLS order");
                assertEquals("9000", text(replica, "port"), "native port inside the network");
            }
            Element keeperNode = only(only(mounted.get("/etc/clickhouse-server/config.d/cluster.xml").getDocumentElement(), "zookeeper"), "node");
            assertEquals(KEEPER, text(keeperNode, "host"));
            assertEquals(keeperPort(), text(keeperNode, "port"));

            Element macros = only(mounted.get("/etc/clickhouse-server/config.d/macros.xml").getDocumentElement(), "macros");
            assertEquals(String.valueOf(i + 1), text(macros, "shard"));
            assertEquals(cluster, text(macros, "cluster"));
        }
    }

    @Test
    void keeperIsAQuorumOfOne() throws Exception {
        Document keeper = mountedXml(KEEPER).get("/etc/clickhouse-keeper/keeper_config.xml");
        Element server = only(keeper.getDocumentElement(), "keeper_server");
        var members = children(only(server, "raft_configuration"), "server");
        assertEquals(1, members.size(), "one keeper container: the Raft configuration must list exactly one server");
        assertEquals(text(server, "server_id"), text(members.getFirst(), "id"));
        assertEquals(KEEPER, text(members.getFirst(), "hostname"));
        assertNotEquals(text(server, "tcp_port"), text(members.getFirst(), "port"), "client and Raft ports differ");
    }

    private static String keeperPort() throws Exception {
        return text(only(mountedXml(KEEPER).get("/etc/clickhouse-keeper/keeper_config.xml").getDocumentElement(), "keeper_server"), "tcp_port");
    }

    /** The .xml files a service mounts, parsed, by path inside the container. */
    private static Map<String, Document> mountedXml(String service) throws Exception {
        Map<String, Document> out = new LinkedHashMap<>();
        for (JsonNode volume : services.get(service).get("volumes")) {
            String[] parts = volume.asText().split(":", -1);
            if (!parts[0].endsWith(".xml")) continue;
            File source = Path.of(parts[0]).toFile();
            assertTrue(source.isFile(), service + " mounts a missing file " + parts[0]);
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            out.put(parts[1], factory.newDocumentBuilder().parse(source)); // throws on malformed XML
        }
        assertFalse(out.isEmpty(), service + " mounts no XML");
        return out;
    }

    private static List<String> ports(String service) {
        var out = new ArrayList<String>();
        services.get(service).get("ports").forEach(p -> out.add(p.asText()));
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        var out = new ArrayList<Element>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) out.add(e);
        }
        return out;
    }

    private static Element only(Element parent, String tag) {
        var found = children(parent, tag);
        assertEquals(1, found.size(), "exactly one <" + tag + "> in <" + parent.getTagName() + ">");
        return found.getFirst();
    }

    private static String text(Element parent, String tag) {
        return only(parent, tag).getTextContent().strip();
    }
}
