def recipient = 'age1m23dsax2r3ffz6q3laa5mrg0p8k4uuwdlsnnh87lvgtc7q7ql4yq6vugn8'
['a', 'b'].each { m ->
  (1..3).each { i ->
    def text = new File(basedir, "module-$m/src/secrets/app${i}.yaml").text
    assert !text.contains("s3cret-module-$m-$i") : "module-$m app$i.yaml is not encrypted"
    assert text.contains("module: $m") : 'encrypted_regex of the creation rule leaves other keys clear'
    assert text =~ /password: ENC\[AES256_GCM,data:/
    assert text.contains(recipient)
    assert text.contains('encrypted_regex: ^password$')
  }
}
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
assert log.count('secrets:encrypt: 3 of 3 file(s) encrypted') == 2
assert !log.contains('not marked as @threadSafe') && !log.toLowerCase().contains('not thread-safe')
return true
