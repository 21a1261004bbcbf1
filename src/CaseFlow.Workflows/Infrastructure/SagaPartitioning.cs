using System.Reflection;
using MassTransit;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>One message per workflow instance at a time on a node: every event a state machine declares is partitioned
/// by the instance it is for, so a new command needs no line here.</summary>
public static class SagaPartitioning
{
    /// <summary>The message types of the events <paramref name="machine"/> declares.</summary>
    public static IReadOnlyList<Type> EventMessageTypes(StateMachine machine) =>
        machine.Events
            .Select(e => e.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>)))
            .OfType<Type>()
            .Select(i => i.GetGenericArguments()[0])
            .Distinct()
            .ToList();

    /// <summary>Partitions every event of <paramref name="machine"/> on the key <paramref name="keyOf"/> reads from its
    /// message; a message without that key is a wiring error found at start, not at run time.</summary>
    public static void PartitionEveryEvent<TSaga, TKeyed>(this ISagaConfigurator<TSaga> saga, StateMachine<TSaga> machine,
        IPartitioner partition, Func<TKeyed, Guid> keyOf)
        where TSaga : class, ISaga, SagaStateMachineInstance
    {
        foreach (var type in EventMessageTypes(machine))
        {
            if (!typeof(TKeyed).IsAssignableFrom(type))
                throw new InvalidOperationException($"{type.Name}, an event of {typeof(TSaga).Name}, carries no {typeof(TKeyed).Name} key to partition on.");
            PartitionMethod.MakeGenericMethod(typeof(TSaga), type, typeof(TKeyed)).Invoke(null, [saga, partition, keyOf]);
        }
    }

    private static readonly MethodInfo PartitionMethod =
        typeof(SagaPartitioning).GetMethod(nameof(Partition), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Partition<TSaga, TMessage, TKeyed>(ISagaConfigurator<TSaga> saga, IPartitioner partition, Func<TKeyed, Guid> keyOf)
        where TSaga : class, ISaga
        where TMessage : class, TKeyed =>
        saga.Message<TMessage>(x => x.UsePartitioner(partition, m => keyOf(m.Message)));
}
