# Placeholder runbook: `build.ps1 Demo` runs it against the local control plane (KUBECONFIG
# points at the cluster's kubeconfig, and out/module is on PSModulePath). The real runbook
# replaces it.
$ErrorActionPreference = 'Stop'
Import-Module Kube.PowerShell
$module = Get-Module Kube.PowerShell
"Loaded {0} {1} from {2}" -f $module.Name, $module.Version, $module.ModuleBase
"Cluster: kubeconfig {0}, context {1}" -f $env:KUBECONFIG, (kubectl config current-context)
kubectl version 2>$null
if ($LASTEXITCODE -ne 0) { throw "kubectl version failed against $env:KUBECONFIG" }
