using System;
using System.Collections.Generic;
using System.Linq;
using Kube.Client.Models.CoreV1;
using Kube.Client.Models.MetaV1;
using Kube.Client.Rest;
using Kube.Client.Streams.Targets;
using Xunit;

namespace Kube.Client.Tests.Streams;

/// <summary>
/// The decisions logs, exec, attach, port-forward and copy share: which container a stream goes
/// to, and what is said when the pod cannot serve it.
/// </summary>
public sealed class PodTargetResolverTests
{
    private static readonly KubeApiException BadRequest = new(new Status { Code = 400, Reason = "BadRequest", Message = "refused" });

    [Fact]
    public void A_named_container_is_taken_as_it_is()
    {
        Assert.Equal("sidecar", PodTargetResolver.Container(Pod("app", "sidecar"), "sidecar", PodStreamKind.Exec));
    }

    [Fact]
    public void An_init_container_can_be_named()
    {
        var pod = Pod("app");
        pod.Spec!.InitContainers = new List<Container> { new() { Name = "setup" } };

        Assert.Equal("setup", PodTargetResolver.Container(pod, "setup", PodStreamKind.Log));
    }

    [Fact]
    public void Without_a_name_the_first_container_is_the_default()
    {
        Assert.Equal("app", PodTargetResolver.Container(Pod("app", "sidecar"), null, PodStreamKind.Log));
    }

    [Fact]
    public void The_default_container_annotation_picks_the_default()
    {
        var pod = Pod("app", "sidecar");
        pod.Metadata!.Annotations = new Dictionary<string, string> { [PodContainers.DefaultContainerAnnotation] = "sidecar" };

        Assert.Equal("sidecar", PodTargetResolver.Container(pod, null, PodStreamKind.Exec));
    }

    [Fact]
    public void An_annotation_naming_no_container_of_the_pod_falls_back_to_the_first()
    {
        var pod = Pod("app", "sidecar");
        pod.Metadata!.Annotations = new Dictionary<string, string> { [PodContainers.DefaultContainerAnnotation] = "gone" };

        Assert.Equal("app", PodTargetResolver.Container(pod, null, PodStreamKind.Exec));
    }

    [Fact]
    public void An_unknown_container_is_refused_naming_every_container_of_the_pod()
    {
        var pod = Pod("app", "sidecar");
        pod.Spec!.InitContainers = new List<Container> { new() { Name = "setup" } };

        var error = Assert.Throws<ContainerNotFoundException>(() => PodTargetResolver.Container(pod, "nope", PodStreamKind.Exec));

        Assert.Equal("pod ns/web has no container \"nope\"; its containers are: app, sidecar (init: setup)", error.Message);
        Assert.Equal(new[] { "setup", "app", "sidecar" }, error.Containers);
        Assert.Equal("nope", error.Container);
    }

    [Fact]
    public void A_pod_without_containers_has_no_default()
    {
        var error = Assert.Throws<ContainerNotFoundException>(() => PodTargetResolver.Container(Pod(), null, PodStreamKind.Log));

        Assert.Equal("pod ns/web has no containers", error.Message);
    }

    [Fact]
    public void A_log_of_a_pod_not_scheduled_yet_is_refused_up_front_with_the_schedulers_reason()
    {
        var pod = Pod("app");
        pod.Spec!.NodeName = null;
        pod.Status = new PodStatus
        {
            Phase = "Pending",
            Conditions = new List<PodCondition> { new() { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available" } },
        };

        var error = Assert.Throws<PodNotRunningException>(() => PodTargetResolver.Container(pod, null, PodStreamKind.Log));

        Assert.Equal("cannot read the log of pod ns/web: it is Pending and not scheduled to a node yet: Unschedulable (0/1 nodes are available)", error.Message);
        Assert.Equal("Pending", error.Phase);
    }

    [Fact]
    public void Exec_picks_its_container_without_refusing_an_unscheduled_pod_the_server_explains_that()
    {
        var pod = Pod("app");
        pod.Spec!.NodeName = null;

        Assert.Equal("app", PodTargetResolver.Container(pod, null, PodStreamKind.Exec));
    }

    [Fact]
    public void A_pending_pod_being_deleted_says_so()
    {
        var pod = Pod("app");
        pod.Spec!.NodeName = null;
        pod.Status = new PodStatus { Phase = "Pending" };
        pod.Metadata!.DeletionTimestamp = DateTimeOffset.UtcNow;

        var error = PodTargetResolver.Refusal(pod, "app", PodStreamKind.Exec);

        Assert.Equal("cannot exec into pod ns/web: it is being deleted", Assert.IsType<PodNotRunningException>(error).Message);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void A_completed_pod_refuses_exec_attach_and_port_forward_but_still_has_a_log(string phase)
    {
        var pod = Pod("app");
        pod.Status = new PodStatus { Phase = phase, ContainerStatuses = new List<ContainerStatus> { Terminated("app", "Completed") } };

        Assert.Equal($"cannot exec into pod ns/web: it has completed (phase {phase})", PodTargetResolver.Refusal(pod, "app", PodStreamKind.Exec)!.Message);
        Assert.Equal($"cannot attach to pod ns/web: it has completed (phase {phase})", PodTargetResolver.Refusal(pod, null, PodStreamKind.Attach)!.Message);
        Assert.Equal($"cannot forward ports to pod ns/web: it has completed (phase {phase})", PodTargetResolver.Refusal(pod, null, PodStreamKind.PortForward)!.Message);
        Assert.Null(PodTargetResolver.Refusal(pod, "app", PodStreamKind.Log));
    }

    [Fact]
    public void A_container_waiting_to_start_says_why_with_the_kubelets_message()
    {
        var pod = Pod("app");
        pod.Status = new PodStatus
        {
            Phase = "Pending",
            ContainerStatuses = new List<ContainerStatus> { new() { Name = "app", State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "ErrImageNeverPull", Message = "image is absent" } } } },
        };

        var error = PodTargetResolver.Refusal(pod, null, PodStreamKind.Exec);

        Assert.Equal("cannot exec into container \"app\" of pod ns/web: it is waiting to start: ErrImageNeverPull (image is absent)", error!.Message);
    }

    [Fact]
    public void A_container_restarting_after_a_crash_still_has_the_log_of_its_last_run()
    {
        var pod = Pod("app");
        pod.Status = new PodStatus
        {
            Phase = "Running",
            ContainerStatuses = new List<ContainerStatus>
            {
                new() { Name = "app", State = new ContainerState { Waiting = new ContainerStateWaiting { Reason = "CrashLoopBackOff" } }, LastState = new ContainerState { Terminated = new ContainerStateTerminated { ExitCode = 1 } } },
            },
        };

        Assert.Null(PodTargetResolver.Refusal(pod, "app", PodStreamKind.Log));
        Assert.Contains("it is waiting to start: CrashLoopBackOff", PodTargetResolver.Refusal(pod, "app", PodStreamKind.Exec)!.Message);
    }

    [Fact]
    public void A_terminated_container_of_a_running_pod_refuses_exec_and_names_the_reason_or_exit_code()
    {
        var pod = Pod("app", "job");
        pod.Status = new PodStatus { Phase = "Running", ContainerStatuses = new List<ContainerStatus> { Running("app"), Terminated("job", null, 3) } };

        Assert.Equal("cannot exec into container \"job\" of pod ns/web: it has terminated (exit code 3)", PodTargetResolver.Refusal(pod, "job", PodStreamKind.Exec)!.Message);
        Assert.Null(PodTargetResolver.Refusal(pod, "job", PodStreamKind.Log));
        Assert.Null(PodTargetResolver.Refusal(pod, "app", PodStreamKind.Exec));
    }

    [Fact]
    public void Exec_without_a_container_in_a_pod_of_several_asks_for_one_and_names_them()
    {
        var pod = Pod("app", "sidecar");

        var error = Assert.IsType<ContainerNotFoundException>(PodTargetResolver.Refusal(pod, null, PodStreamKind.Exec, BadRequest));

        Assert.Equal("pod ns/web has several containers; name one: app, sidecar", error.Message);
        Assert.Null(error.Container);
        Assert.Same(BadRequest, error.InnerException);
    }

    [Fact]
    public void Port_forward_needs_the_pod_Running_even_when_it_is_scheduled_and_no_container_is_waiting()
    {
        var pod = Pod("app");
        pod.Status = new PodStatus { Phase = "Unknown" };

        var error = Assert.IsType<PodNotRunningException>(PodTargetResolver.Refusal(pod, null, PodStreamKind.PortForward));

        Assert.Equal("cannot forward ports to pod ns/web: it is not running (phase Unknown)", error.Message);
        Assert.Null(PodTargetResolver.Refusal(Pod("app"), null, PodStreamKind.PortForward));
    }

    [Fact]
    public void A_refusal_the_pods_state_does_not_explain_is_passed_on_as_it_came()
    {
        Assert.Same(BadRequest, PodTargetResolver.Explain(Pod("app"), "app", PodStreamKind.Exec, BadRequest));
    }

    [Fact]
    public void An_explanation_carries_the_servers_refusal_inside()
    {
        var pod = Pod("app");
        pod.Spec!.NodeName = null;

        var error = PodTargetResolver.Explain(pod, "app", PodStreamKind.Attach, BadRequest);

        Assert.Equal("cannot attach to pod ns/web: it is Pending and not scheduled to a node yet", error.Message);
        Assert.Same(BadRequest, error.InnerException);
    }

    [Fact]
    public void Without_a_container_exec_retries_with_the_default_only_when_the_pod_has_several_and_the_default_runs()
    {
        var two = Pod("app", "sidecar");
        two.Metadata!.Annotations = new Dictionary<string, string> { [PodContainers.DefaultContainerAnnotation] = "sidecar" };
        Assert.Equal("sidecar", PodTargetResolver.RetryContainer(two, null, PodStreamKind.Exec));

        Assert.Null(PodTargetResolver.RetryContainer(two, "app", PodStreamKind.Exec));
        Assert.Null(PodTargetResolver.RetryContainer(Pod("app"), null, PodStreamKind.Exec));

        two.Status = new PodStatus { Phase = "Running", ContainerStatuses = new List<ContainerStatus> { Running("app"), Terminated("sidecar", "Error", 1) } };
        Assert.Null(PodTargetResolver.RetryContainer(two, null, PodStreamKind.Exec));
    }

    [Theory]
    [InlineData(400, "BadRequest", true)]
    [InlineData(404, "NotFound", true)]
    [InlineData(500, "InternalError", true)]
    [InlineData(401, "Unauthorized", false)]
    [InlineData(403, "Forbidden", false)]
    [InlineData(429, "TooManyRequests", false)]
    public void Refusals_about_credentials_or_throttling_are_not_explained_by_the_pod(int code, string reason, bool explainable)
    {
        Assert.Equal(explainable, PodTargetResolver.IsExplainable(new KubeApiException(new Status { Code = code, Reason = reason, Message = "m" })));
    }

    private static Pod Pod(params string[] containers) => new()
    {
        Metadata = new ObjectMeta { Namespace = "ns", Name = "web" },
        Spec = new PodSpec { NodeName = "node-1", Containers = containers.Select(c => new Container { Name = c }).ToList() },
        Status = new PodStatus { Phase = "Running", ContainerStatuses = containers.Select(Running).ToList() },
    };

    private static ContainerStatus Running(string name) => new() { Name = name, State = new ContainerState { Running = new ContainerStateRunning() } };

    private static ContainerStatus Terminated(string name, string? reason, int code = 0) =>
        new() { Name = name, State = new ContainerState { Terminated = new ContainerStateTerminated { Reason = reason, ExitCode = code } } };
}
