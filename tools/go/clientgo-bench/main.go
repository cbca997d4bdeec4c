// clientgo-bench measures client-go 0.20.2 (vendored in the Debian kubernetes source tree) on the
// same server and data as Kube.Benchmarks, so that both sit in one table. It stays running and
// takes one JSON command per line on stdin, so that the harness can interleave its runs with the
// .NET clients' rounds; each answer is one JSON line on stdout.
//
//	{"op":"list","resource":"pods","namespace":"ns","protobuf":false}
//	  -> {"items":3000,"seconds":1.2,"allocatedBytes":83886080}
//	{"op":"informer","resource":"configmaps","namespace":"ns","protobuf":false}
//	  -> {"items":10000,"seconds":0.9,"heapBytes":26000000}
//	{"op":"watch","resource":"configmaps","namespace":"ns","events":30000,"timeoutSeconds":600}
//	  -> {"events":30000,"seconds":40.1,"cpuSeconds":3.2}
//
// allocatedBytes is runtime.MemStats.TotalAlloc across the call; heapBytes is HeapAlloc after
// the informer's sync minus before it, both after a full GC; cpuSeconds is the process's user and
// system time (getrusage) and seconds the wall time, both from the first event after the sync to
// the last, so that neither counts the wait for the writer to start.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

type command struct {
	Op             string `json:"op"`
	Resource       string `json:"resource"`
	Namespace      string `json:"namespace"`
	Protobuf       bool   `json:"protobuf"`
	Events         int64  `json:"events"`
	TimeoutSeconds int    `json:"timeoutSeconds"`
}

type answer struct {
	Error          string  `json:"error,omitempty"`
	Items          int     `json:"items,omitempty"`
	Seconds        float64 `json:"seconds,omitempty"`
	AllocatedBytes uint64  `json:"allocatedBytes,omitempty"`
	HeapBytes      int64   `json:"heapBytes,omitempty"`
	Events         int64   `json:"events,omitempty"`
	CPUSeconds     float64 `json:"cpuSeconds,omitempty"`
	Version        string  `json:"version,omitempty"`
}

type clients struct {
	json, protobuf kubernetes.Interface
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file")
	context := flag.String("context", "", "context in the kubeconfig")
	flag.Parse()

	c, err := connect(*kubeconfig, *context)
	if err != nil {
		fmt.Fprintln(os.Stderr, "clientgo-bench:", err)
		os.Exit(1)
	}
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var cmd command
		var a answer
		if err := json.Unmarshal([]byte(line), &cmd); err != nil {
			a = answer{Error: "bad command: " + err.Error()}
		} else {
			a = run(c, cmd)
		}
		if err := out.Encode(a); err != nil {
			os.Exit(1)
		}
	}
}

func connect(kubeconfig, contextName string) (*clients, error) {
	rules := &clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: contextName}
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil {
		return nil, err
	}
	// No client-side throttle, as for the .NET clients: the figures are the client's, not the limiter's.
	config.QPS = -1
	jsonClient, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	pb := rest.CopyConfig(config)
	pb.ContentType = "application/vnd.kubernetes.protobuf"
	pb.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	pbClient, err := kubernetes.NewForConfig(pb)
	if err != nil {
		return nil, err
	}
	return &clients{json: jsonClient, protobuf: pbClient}, nil
}

func run(c *clients, cmd command) answer {
	client := c.json
	if cmd.Protobuf {
		client = c.protobuf
	}
	switch cmd.Op {
	case "version":
		return answer{Version: runtime.Version()}
	case "list":
		return list(client, cmd)
	case "informer":
		return informer(client, cmd)
	case "watch":
		return watch(client, cmd)
	}
	return answer{Error: fmt.Sprintf("unknown op %q", cmd.Op)}
}

func settle() {
	runtime.GC()
	runtime.GC()
}

func list(client kubernetes.Interface, cmd command) answer {
	settle()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	n := 0
	ctx := context.Background()
	switch cmd.Resource {
	case "pods":
		l, err := client.CoreV1().Pods(cmd.Namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return answer{Error: err.Error()}
		}
		n = len(l.Items)
	case "configmaps":
		l, err := client.CoreV1().ConfigMaps(cmd.Namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return answer{Error: err.Error()}
		}
		n = len(l.Items)
	default:
		return answer{Error: "unknown resource " + cmd.Resource}
	}
	seconds := time.Since(start).Seconds()
	runtime.ReadMemStats(&after)
	return answer{Items: n, Seconds: seconds, AllocatedBytes: after.TotalAlloc - before.TotalAlloc}
}

func informerFor(factory informers.SharedInformerFactory, resource string) (cache.SharedIndexInformer, error) {
	switch resource {
	case "pods":
		return factory.Core().V1().Pods().Informer(), nil
	case "configmaps":
		return factory.Core().V1().ConfigMaps().Informer(), nil
	}
	return nil, fmt.Errorf("unknown resource %s", resource)
}

func informer(client kubernetes.Interface, cmd command) answer {
	settle()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(cmd.Namespace))
	inf, err := informerFor(factory, cmd.Resource)
	if err != nil {
		return answer{Error: err.Error()}
	}
	start := time.Now()
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, inf.HasSynced) {
		close(stop)
		return answer{Error: "the informer did not sync"}
	}
	seconds := time.Since(start).Seconds()
	settle()
	runtime.ReadMemStats(&after)
	n := len(inf.GetStore().ListKeys())
	close(stop)
	runtime.KeepAlive(inf)
	return answer{Items: n, Seconds: seconds, HeapBytes: int64(after.HeapAlloc) - int64(before.HeapAlloc)}
}

func cpuSeconds() float64 {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}

// watch runs an informer and counts the events its handler receives after the initial sync,
// until cmd.Events have arrived; the harness writes them meanwhile.
func watch(client kubernetes.Interface, cmd command) answer {
	stop := make(chan struct{})
	defer close(stop)
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(cmd.Namespace))
	inf, err := informerFor(factory, cmd.Resource)
	if err != nil {
		return answer{Error: err.Error()}
	}
	var synced int32
	var count int64
	var cpu0 float64
	var start time.Time
	done := make(chan struct{})
	onEvent := func() {
		if atomic.LoadInt32(&synced) == 0 {
			return
		}
		// The handler runs on one goroutine per listener: start and cpu0 are written before any later read.
		n := atomic.AddInt64(&count, 1)
		if n == 1 {
			cpu0, start = cpuSeconds(), time.Now()
		}
		if n == cmd.Events {
			close(done)
		}
	}
	inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(interface{}) { onEvent() },
		UpdateFunc: func(interface{}, interface{}) { onEvent() },
		DeleteFunc: func(interface{}) { onEvent() },
	})
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, inf.HasSynced) {
		return answer{Error: "the informer did not sync"}
	}
	atomic.StoreInt32(&synced, 1)
	// Tell the harness the watch is up: it starts writing when it reads this line.
	fmt.Println(`{"ready":true}`)
	timeout := time.Duration(cmd.TimeoutSeconds) * time.Second
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	select {
	case <-done:
	case <-time.After(timeout):
		return answer{Error: fmt.Sprintf("saw %d of %d events in %s", atomic.LoadInt64(&count), cmd.Events, timeout)}
	}
	return answer{Events: atomic.LoadInt64(&count), Seconds: time.Since(start).Seconds(), CPUSeconds: cpuSeconds() - cpu0}
}
