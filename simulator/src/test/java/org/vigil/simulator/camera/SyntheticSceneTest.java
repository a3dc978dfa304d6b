package org.vigil.simulator.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSceneTest {

  @Test
  void crowdProfileRampsLinearly() {
    SyntheticScene.CrowdProfile p = new SyntheticScene.CrowdProfile(3, 25, 60, 60);
    // before and at the ramp start 3; halfway (90 s) 3 + 22 x 0.5 = 14; from 120 s on 25.
    assertThat(p.peopleAt(0)).isEqualTo(3);
    assertThat(p.peopleAt(60)).isEqualTo(3);
    assertThat(p.peopleAt(90)).isEqualTo(14);
    assertThat(p.peopleAt(120)).isEqualTo(25);
    assertThat(p.peopleAt(500)).isEqualTo(25);
  }

  @Test
  void framesAreJpegsOfTheConfiguredSizeThatChangeAsPeopleWalk() throws Exception {
    SyntheticScene scene = new SyntheticScene(768, 576, new SyntheticScene.CrowdProfile(5, 5, 0, 0), 1);
    byte[] a = scene.frame(0, 0);
    byte[] b = scene.frame(1, 0.2);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(a));
    assertThat(img.getWidth()).isEqualTo(768);
    assertThat(img.getHeight()).isEqualTo(576);
    assertThat(a[0] & 0xff).isEqualTo(0xff);
    assertThat(a[1] & 0xff).isEqualTo(0xd8);
    assertThat(b).isNotEqualTo(a);
    // perspective: 60 px at the top row, 190 px at the bottom row (575)
    assertThat(scene.personHeight(0)).isEqualTo(60.0);
    assertThat(scene.personHeight(575)).isEqualTo(190.0);
  }

  @Test
  void clipFramesLoopInNameOrderFromTheCameraOffset(@TempDir Path dir) throws Exception {
    for (int i = 0; i < 3; i++) {
      Files.writeString(dir.resolve(String.format("%06d.jpg", i)), "f" + i);
    }
    Files.writeString(dir.resolve("COMPLETE"), "3");
    ClipFrames clip = new ClipFrames(dir, 4); // offset 4 mod 3 = 1
    assertThat(clip.size()).isEqualTo(3);
    assertThat(new String(clip.frame(0, 0), StandardCharsets.UTF_8)).isEqualTo("f1");
    assertThat(new String(clip.frame(2, 0), StandardCharsets.UTF_8)).isEqualTo("f0");
    assertThat(ClipFrames.available(dir)).isTrue();
    assertThat(ClipFrames.available(dir.resolve("missing"))).isFalse();
  }

  @Test
  void envelopeIsWhatTheFrameDecoderReads() {
    String json = new String(CameraSimulator.envelope(1_800_000_000_000L, 7, new byte[] {1, 2, 3}),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"ts\":1800000000000,\"seq\":7,\"jpeg\":\"AQID\"}");
  }
}
