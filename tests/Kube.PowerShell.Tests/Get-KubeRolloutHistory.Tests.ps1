# Get-KubeRolloutHistory against the local control plane, compared row by row with kubectl rollout history.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'history'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    New-TestWorkload -Namespace $Ns -Name web -Image 'busybox:v1' -Annotations @{ 'kubernetes.io/change-cause' = 'first image' }
    Wait-DeploymentRevision $Ns web 1
    Set-TestWorkloadImage $Ns deployment/web 'busybox:v2' -ChangeCause 'second image'
    Wait-DeploymentRevision $Ns web 2
    # Without a change-cause on the Deployment, the next revision has none.
    $null = Invoke-Kubectl -n $Ns annotate deployment web 'kubernetes.io/change-cause-'
    Set-TestWorkloadImage $Ns deployment/web 'busybox:v3'
    Wait-DeploymentRevision $Ns web 3
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Get-KubeRolloutHistory' -Tag 'Cmdlet', 'Get-KubeRolloutHistory' {
    It 'lists a Deployment''s revisions with their change-cause as kubectl rollout history does' {
        $history = @(Get-KubeRolloutHistory deploy web -Namespace $Ns)
        $history.Count | Should -Be 3
        $history[0] | Should -BeOfType ([Kube.Client.Operations.RolloutRevision])
        @($history | ForEach-Object { "$($_.Revision) $(if ($_.ChangeCause) { $_.ChangeCause } else { '<none>' })" }) | Should -Be @(Get-KubectlRolloutHistory $Ns deployment/web)
        $history[0].ChangeCause | Should -Be 'first image'
        $history[1].ChangeCause | Should -Be 'second image'
        $history[2].ChangeCause | Should -BeNullOrEmpty
        $history[1].SourceKind | Should -Be 'ReplicaSet'
        (Invoke-Kubectl -n $Ns get replicaset $history[1].SourceName -o 'jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}').Output | Should -Be '2'
    }

    It '-Revision writes one revision, whose template is what it ran' {
        $revision = Get-KubeRolloutHistory deploy web -Namespace $Ns -Revision 1
        $revision.Revision | Should -Be 1
        $revision.Template.Spec.Containers[0].Image | Should -Be 'busybox:v1'
        (Invoke-Kubectl -n $Ns rollout history deployment/web --revision=1).Output | Should -Match 'busybox:v1'
    }

    It 'a revision not kept is a RevisionNotFound error naming the revisions that are' {
        $out = @(Get-KubeRolloutHistory deploy web -Namespace $Ns -Revision 9 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RevisionNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($errors[0])" | Should -Match 'revisions kept: 1, 2, 3'
    }

    It 'lists the ControllerRevisions of a StatefulSet piped in, as kubectl does' {
        New-TestWorkload -Kind StatefulSet -Namespace $Ns -Name db -Image 'busybox:v1'
        Wait-Until -Because 'the first ControllerRevision of db' { @(Get-KubeRolloutHistory sts db -Namespace $Ns).Count -eq 1 }
        $null = Invoke-Kubectl -n $Ns set image statefulset/db 'main=busybox:v2'
        Wait-Until -Because 'the second ControllerRevision of db' { @(Get-KubeRolloutHistory sts db -Namespace $Ns).Count -eq 2 }
        $history = @(Get-KubeResource sts db -Namespace $Ns | Get-KubeRolloutHistory)
        @($history | ForEach-Object { "$($_.Revision) <none>" }) | Should -Be @(Get-KubectlRolloutHistory $Ns statefulset/db)
        $history[0].SourceKind | Should -Be 'ControllerRevision'
        $history[1].Template.Spec.Containers[0].Image | Should -Be 'busybox:v2'
    }

    It 'shows kubectl''s REVISION and CHANGE-CAUSE columns' {
        $text = Get-KubeRolloutHistory deploy web -Namespace $Ns | Out-String -Width 200
        $text | Should -Match 'REVISION\s+CHANGE-CAUSE'
        $text | Should -Match 'Deployment/web\s+2 second image'
        $text | Should -Match 'Deployment/web\s+3 <none>'
    }
}
