package dev.orchestrator.examples.website;

/** What a user asks for; the CRD's schema defaults replicas and content. */
public class WebsiteSpec {

    private String image;
    private Integer replicas;
    private String content;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getContent() {
        return content;
    }

    public void setContent(String content) {
        this.content = content;
    }
}
