package dev.roundhouse.support;

import dev.roundhouse.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** The sink's consumer group as the broker sees it: for tests that must not act in the middle of a rebalance. */
public final class SinkGroup {
    private SinkGroup() {}

    /**
     * Waits until the group is stable with exactly {@code members} members, each owning a partition: a member
     * killed with -9 stays in the group until its session times out (10 s), and a rebalance then moves partitions
     * again. Returns false when that does not happen within {@code patience}.
     */
    public static boolean awaitStable(Config config, int members, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                if (isStable(describe(admin, config.sinkGroupId()), members)) {
                    return true;
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe consumer group " + group, e.getCause());
        }
    }

    private static boolean isStable(ConsumerGroupDescription group, int members) {
        return group.groupState() == GroupState.STABLE
                && group.members().size() == members
                && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
    }
}
