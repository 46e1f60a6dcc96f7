variable "contractors" {
  type    = list(string)
  default = ["ext-hallberg", "ext-osei"]
}
